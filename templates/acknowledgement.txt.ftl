Hello ${senderName},

we have received your message and opened case ${caseToken}.
Please keep ${caseToken} in the subject when you write to us about it.
<#if unregistered>Your address is not registered with us yet; your request will be looked at all the same.
</#if>
Subject: ${subject}
<#if attachmentCount gt 0>Attachments received: ${attachmentCount}
</#if>
--
${accountAddress}
