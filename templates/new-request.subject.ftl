${caseToken} New request: ${subject}
