<#ftl output_format="HTML">
<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8" /></head>
<body>
<p>Hello ${clientName},</p>
<p>case <strong>${caseToken}</strong> "${subject}" is now ${newStatus}.<#if portalUrl?has_content><br />
Details: <a href="${portalUrl}">${portalUrl}</a></#if></p>
<p>--<br />
${accountAddress}</p>
</body>
</html>
