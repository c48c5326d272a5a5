<#ftl output_format="HTML">
<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8" /></head>
<body>
<p>Hello ${recipientName},</p>
<p>case <strong>${caseToken}</strong> “${subject}” was forwarded to <strong>${resource}</strong><#if assigneeName?has_content> (${assigneeName})</#if> by ${actor}.</p>
<p><#if clientName?has_content>Client: ${clientName}<br /></#if><#if senderAddress?has_content>Requested by: ${senderName} &lt;${senderAddress}&gt;<br /></#if>Status: ${status}<#if deadline?has_content><br />Deadline: ${deadline}</#if></p>
<#if caseUrl?has_content><p><a href="${caseUrl}">Open the case</a></p></#if>
<p><small>You get this mail as the case's ${role}.</small></p>
</body>
</html>
