<#ftl output_format="HTML">
<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8" /></head>
<body>
<p>Hello ${assigneeName},</p>
<p>${senderName} &lt;${senderAddress}&gt; wrote on case <strong>${caseToken}</strong> (now ${status}):</p>
<#if nonParticipant!false><p><strong>Note:</strong> ${senderAddress} is not a participant of this case (not its sender,
contact or assignee, and not on its mail before). Check who this is before you answer or share anything.</p>
</#if>
<#if (senderFlag!"")?has_content><p><strong>Warning:</strong> ${senderFlag}. The mail may not come from the address it shows.</p>
</#if>
<#-- One <br /> per line break: escaped, and kept by clients that ignore white-space CSS. -->
<p><#list body?split(r"\r\n|\r|\n", "r") as line>${line}<#sep><br />
</#list></p>
<#if attachmentCount gt 0><p>The reply's ${attachmentCount} attachment(s) are attached.</p>
</#if>
<p>--<br />
${accountAddress}</p>
</body>
</html>
