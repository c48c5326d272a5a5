${caseToken} Accepted: ${subject}
