Hello ${recipientName},

the deadline of case ${caseToken} "${subject}" passed (${deadline}) while it is ${status} with ${resource}<#if assigneeName?has_content> (${assigneeName})</#if>.
<#if clientName?has_content>Client: ${clientName}
</#if><#if caseUrl?has_content>Open it: ${caseUrl}
</#if>
You get this mail as the case's ${role}.
