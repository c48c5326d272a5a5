Hello ${assigneeName},

${senderName} <${senderAddress}> wrote on case ${caseToken} (now ${status}):
<#if nonParticipant!false>
NOTE: ${senderAddress} is not a participant of this case (not its sender, contact or assignee, and
not on its mail before). Check who this is before you answer or share anything.
</#if>
<#if (senderFlag!"")?has_content>
WARNING: ${senderFlag}. The mail may not come from the address it shows.
</#if>

${body}
<#if attachmentCount gt 0>
The reply's ${attachmentCount} attachment(s) are attached.
</#if>
--
${accountAddress}
