<#ftl output_format="HTML">
<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8" /></head>
<body>
<p>Hello ${clientName},</p>
<p>your request <strong>${caseToken}</strong> “${subject}” has been accepted and is being worked on.</p>
<#if portalUrl?has_content><p>You can follow it at <a href="${portalUrl}">${portalUrl}</a></p></#if>
<p>Please keep ${caseToken} in the subject when you write to us about it.</p>
<p>--<br />${accountAddress}</p>
</body>
</html>
