<#ftl output_format="HTML">
<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8" /></head>
<body>
<p>Hello ${clientName},</p>
<p>we cannot take on your request <strong>${caseToken}</strong> “${subject}”.<br />
Reason: ${reason}</p>
<p>If you think this is wrong, answer this mail and keep ${caseToken} in the subject.</p>
<p>--<br />${accountAddress}</p>
</body>
</html>
