Hello ${assigneeName},

case ${caseToken} was opened from a mail by ${senderName} <${senderAddress}> and assigned to you
(${assignment}).
<#if (senderFlag!"")?has_content>
WARNING: ${senderFlag}. The mail may not come from the address it shows.
</#if>
<#if attachmentCount gt 0>The mail's ${attachmentCount} attachment(s) are attached.
</#if>
Subject: ${subject}

${body}
--
${accountAddress}
