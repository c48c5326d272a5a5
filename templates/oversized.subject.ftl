${caseToken} Not all of your attachments were kept: ${subject}
