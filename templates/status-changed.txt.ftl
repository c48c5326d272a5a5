Hello ${clientName},

case ${caseToken} "${subject}" is now ${newStatus}.
<#if portalUrl?has_content>Details: ${portalUrl}
</#if>--
${accountAddress}
