${caseToken} Not accepted: ${subject}
