<#ftl output_format="HTML">
<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8" /></head>
<body>
<p>Hello ${clientName},</p>
<p>a new case <strong>${caseToken}</strong> “${subject}” has been opened for you and is ${status}.</p>
<#if portalUrl?has_content><p>You can follow it at <a href="${portalUrl}">${portalUrl}</a></p></#if>
<p>Please keep ${caseToken} in the subject when you write to us about it.</p>
<p>--<br />
${accountAddress}</p>
</body>
</html>
