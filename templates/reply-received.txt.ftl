Hello ${assigneeName},

${senderName} <${senderAddress}> wrote on case ${caseToken} (now ${status}):

${body}
<#if attachmentCount gt 0>
The reply's ${attachmentCount} attachment(s) are attached.
</#if>
--
${accountAddress}
