Hello ${clientName},

case ${caseToken} "${subject}" is now closed.
<#if portalUrl?has_content>You can see it at ${portalUrl}
</#if>
If something is still wrong, answer this mail and keep ${caseToken} in the subject.
--
${accountAddress}
