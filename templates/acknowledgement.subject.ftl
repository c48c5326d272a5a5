${caseToken} ${subject}
