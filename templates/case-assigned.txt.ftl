Hello ${assigneeName},

case ${caseToken} was opened from a mail by ${senderName} <${senderAddress}> and assigned to you
(${assignment}).
<#if attachmentCount gt 0>The mail's ${attachmentCount} attachment(s) are attached.
</#if>
Subject: ${subject}

${body}
--
${accountAddress}
