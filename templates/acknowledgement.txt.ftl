Hello ${senderName},

we have received your message and opened case ${caseToken}.
Please keep ${caseToken} in the subject when you write to us about it.

Subject: ${subject}
<#if attachmentCount gt 0>Attachments received: ${attachmentCount}
</#if>
--
${accountAddress}
