Hello ${senderName},

your message opened case ${caseToken}, but these parts were over our size limit and were not kept:
<#list parts as p>
  - ${p.filename}: ${p.size} bytes (limit ${p.limit} bytes)
</#list>

Please send them another way, or in smaller pieces, and keep ${caseToken} in the subject.
--
${accountAddress}
