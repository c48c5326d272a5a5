Hello ${clientName},

some days ago we closed case ${caseToken} "${subject}".
Is everything working as it should? Answer this mail (keep ${caseToken} in the subject) if not.
<#if portalUrl?has_content>Your requests: ${portalUrl}
</#if>--
${accountAddress}
