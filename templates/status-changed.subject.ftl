${caseToken} Now ${newStatus}: ${subject}
