${caseToken} Reply from ${senderName}: ${subject}
