<#ftl output_format="HTML">
<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8" /></head>
<body>
<p>Hello ${clientName},</p>
<p>case <strong>${caseToken}</strong> "${subject}" is now closed.<#if portalUrl?has_content><br />
You can see it at <a href="${portalUrl}">${portalUrl}</a></#if></p>
<p>If something is still wrong, answer this mail and keep ${caseToken} in the subject.</p>
<p>--<br />
${accountAddress}</p>
</body>
</html>
