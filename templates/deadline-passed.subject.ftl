${caseToken} Deadline passed: ${subject}
