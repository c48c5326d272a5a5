<#ftl output_format="HTML">
<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8" /></head>
<body>
<p>Hello ${assigneeName},</p>
<p>${senderName} &lt;${senderAddress}&gt; wrote on case <strong>${caseToken}</strong> (now ${status}):</p>
<#-- One <br /> per line break: escaped, and kept by clients that ignore white-space CSS. -->
<p><#list body?split(r"\r\n|\r|\n", "r") as line>${line}<#sep><br />
</#list></p>
<#if attachmentCount gt 0><p>The reply's ${attachmentCount} attachment(s) are attached.</p>
</#if>
<p>--<br />
${accountAddress}</p>
</body>
</html>
