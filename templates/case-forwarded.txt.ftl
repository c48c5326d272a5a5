Hello ${recipientName},

case ${caseToken} "${subject}" was forwarded to ${resource}<#if assigneeName?has_content> (${assigneeName})</#if> by ${actor}.
<#if clientName?has_content>Client: ${clientName}
</#if><#if senderAddress?has_content>Requested by: ${senderName} <${senderAddress}>
</#if>Status: ${status}
<#if deadline?has_content>Deadline: ${deadline}
</#if><#if caseUrl?has_content>Open it: ${caseUrl}
</#if>
You get this mail as the case's ${role}.
