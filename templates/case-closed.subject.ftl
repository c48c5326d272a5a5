${caseToken} Closed: ${subject}
