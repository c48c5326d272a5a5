<#ftl output_format="HTML">
<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8" /></head>
<body>
<p>Hello ${senderName},</p>
<p>your message opened case <strong>${caseToken}</strong>, but these parts were over our size limit and were not kept:</p>
<ul>
<#list parts as p>
<li>${p.filename}: ${p.size} bytes (limit ${p.limit} bytes)</li>
</#list>
</ul>
<p>Please send them another way, or in smaller pieces, and keep ${caseToken} in the subject.</p>
<p>--<br />
${accountAddress}</p>
</body>
</html>
