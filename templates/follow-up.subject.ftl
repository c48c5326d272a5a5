${caseToken} How did we do? ${subject}
