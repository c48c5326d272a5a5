<#ftl output_format="HTML">
<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8" /></head>
<body>
<p>Hello ${assigneeName},</p>
<p>case <strong>${caseToken}</strong> was opened from a mail by ${senderName} &lt;${senderAddress}&gt; and assigned to you
(${assignment}).<#if attachmentCount gt 0><br />
The mail's ${attachmentCount} attachment(s) are attached.</#if></p>
<#if (senderFlag!"")?has_content><p><strong>Warning:</strong> ${senderFlag}. The mail may not come from the address it shows.</p>
</#if>
<p>Subject: ${subject}</p>
<#-- One <br /> per line break: escaped, and kept by clients that ignore white-space CSS. -->
<p><#list body?split(r"\r\n|\r|\n", "r") as line>${line}<#sep><br />
</#list></p>
<p>--<br />
${accountAddress}</p>
</body>
</html>
