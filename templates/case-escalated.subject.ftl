${caseToken} Escalated to ${resource}: ${subject}
