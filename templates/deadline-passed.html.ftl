<#ftl output_format="HTML">
<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8" /></head>
<body>
<p>Hello ${recipientName},</p>
<p>the deadline of case <strong>${caseToken}</strong> “${subject}” passed (${deadline}) while it is ${status} with ${resource}<#if assigneeName?has_content> (${assigneeName})</#if>.</p>
<#if clientName?has_content><p>Client: ${clientName}</p></#if>
<#if caseUrl?has_content><p><a href="${caseUrl}">Open the case</a></p></#if>
<p><small>You get this mail as the case's ${role}.</small></p>
</body>
</html>
