${caseToken} New case for you: ${subject}
