Hello ${clientName},

a new case ${caseToken} "${subject}" has been opened for you and is ${status}.
<#if portalUrl?has_content>You can follow it at ${portalUrl}
</#if>
Please keep ${caseToken} in the subject when you write to us about it.
--
${accountAddress}
