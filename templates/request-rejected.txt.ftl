Hello ${clientName},

we cannot take on your request ${caseToken} "${subject}".
Reason: ${reason}

If you think this is wrong, answer this mail and keep ${caseToken} in the subject.
--
${accountAddress}
