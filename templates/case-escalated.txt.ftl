Hello ${recipientName},

case ${caseToken} "${subject}" was escalated to ${resource}<#if actor == "timer"> automatically<#else> by ${actor}</#if>.
<#if reason?has_content>Reason: ${reason}
</#if><#if clientName?has_content>Client: ${clientName}
</#if>Status: ${status}
<#if deadline?has_content>Deadline: ${deadline}
</#if><#if caseUrl?has_content>Open it: ${caseUrl}
</#if>
You get this mail as the case's ${role}.
