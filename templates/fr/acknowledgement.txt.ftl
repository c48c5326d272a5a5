Bonjour ${senderName},

Nous avons bien reçu votre message et ouvert le dossier ${caseToken}.
Merci de conserver ${caseToken} dans l'objet de vos messages concernant ce dossier.
<#if unregistered>Votre adresse n'est pas encore enregistrée chez nous ; votre demande sera traitée malgré tout.
</#if>
Objet : ${subject}
<#if attachmentCount gt 0>Pièces jointes reçues : ${attachmentCount}
</#if>
--
${accountAddress}
