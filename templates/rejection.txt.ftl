Hello ${senderName},

we could not file your message "${subject}":
${reason}

--
${accountAddress}
