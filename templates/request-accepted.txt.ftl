Hello ${clientName},

your request ${caseToken} "${subject}" has been accepted and is being worked on.
<#if portalUrl?has_content>You can follow it at ${portalUrl}
</#if>
Please keep ${caseToken} in the subject when you write to us about it.
--
${accountAddress}
