<#ftl output_format="HTML">
<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8" /></head>
<body>
<p>Hello ${recipientName},</p>
<p>a new request <strong>${caseToken}</strong> “${subject}” came in by mail from ${senderName}<#if senderAddress?has_content> &lt;${senderAddress}&gt;</#if>.</p>
<p><#if clientName?has_content>Client: ${clientName}<br /></#if>Held by: <#if resource?has_content>${resource}<#else>no resource</#if><#if assigneeName?has_content> (${assigneeName})</#if></p>
<#if caseUrl?has_content><p><a href="${caseUrl}">Open the case</a></p></#if>
<p><small>You get this mail as a ${role}.</small></p>
</body>
</html>
