<#ftl output_format="HTML">
<!DOCTYPE html>
<html lang="fr">
<head><meta charset="UTF-8" /></head>
<body>
<p>Bonjour ${senderName},</p>
<p>Nous avons bien reçu votre message et ouvert le dossier <strong>${caseToken}</strong>.<br />
Merci de conserver ${caseToken} dans l'objet de vos messages concernant ce dossier.</p>
<#if unregistered><p>Votre adresse n'est pas encore enregistrée chez nous ; votre demande sera traitée malgré tout.</p>
</#if>
<p>Objet : ${subject}<#if attachmentCount gt 0><br />
Pièces jointes reçues : ${attachmentCount}</#if></p>
<p>--<br />
${accountAddress}</p>
</body>
</html>
