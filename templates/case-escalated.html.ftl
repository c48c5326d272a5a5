<#ftl output_format="HTML">
<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8" /></head>
<body>
<p>Hello ${recipientName},</p>
<p>case <strong>${caseToken}</strong> “${subject}” was escalated to <strong>${resource}</strong><#if actor == "timer"> automatically<#else> by ${actor}</#if>.</p>
<p><#if reason?has_content>Reason: ${reason}<br /></#if><#if clientName?has_content>Client: ${clientName}<br /></#if>Status: ${status}<#if deadline?has_content><br />Deadline: ${deadline}</#if></p>
<#if caseUrl?has_content><p><a href="${caseUrl}">Open the case</a></p></#if>
<p><small>You get this mail as the case's ${role}.</small></p>
</body>
</html>
