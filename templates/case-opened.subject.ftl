${caseToken} New case: ${subject}
