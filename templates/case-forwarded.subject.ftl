${caseToken} Forwarded to ${resource}: ${subject}
