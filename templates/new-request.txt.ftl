Hello ${recipientName},

a new request ${caseToken} "${subject}" came in by mail from ${senderName}<#if senderAddress?has_content> <${senderAddress}></#if>.
<#if clientName?has_content>Client: ${clientName}
</#if>Held by: <#if resource?has_content>${resource}<#else>no resource</#if><#if assigneeName?has_content> (${assigneeName})</#if>
<#if caseUrl?has_content>Open it: ${caseUrl}
</#if>
You get this mail as a ${role}.
