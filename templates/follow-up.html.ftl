<#ftl output_format="HTML">
<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8" /></head>
<body>
<p>Hello ${clientName},</p>
<p>some days ago we closed case <strong>${caseToken}</strong> "${subject}".<br />
Is everything working as it should? Answer this mail (keep ${caseToken} in the subject) if not.</p>
<#if portalUrl?has_content><p>Your requests: <a href="${portalUrl}">${portalUrl}</a></p>
</#if>
<p>--<br />
${accountAddress}</p>
</body>
</html>
