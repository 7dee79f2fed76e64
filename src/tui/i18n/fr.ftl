# Français : écrans principaux. Toute clé absente vient de l'anglais.
login-title = Connexion
dashboard-title = Tableau de bord
queue-title = Dossiers
case-title = Dossier
approvals-title = Approbations
exchange-title = Échanges
users-title = Utilisateurs
partners-title = Clés des partenaires
agreements-title = Accords
audit-title = Journal d'audit
lock-title = Verrouillé
help-title = Touches de cet écran

role-clerk = agent de greffe
role-officer = agent instructeur
role-supervisor = superviseur
role-admin = administrateur
role-auditor = auditeur

status-hint = ? aide
confirm-hint = y oui · n non
form-required = obligatoire
form-required-missing = Ce champ est obligatoire.
confirm-quit-unsaved = Le formulaire contient des modifications non enregistrées. Quitter et les perdre ?

login-prompt = Saisissez votre nom d'utilisateur et votre phrase secrète.
login-user = Utilisateur
login-passphrase = Phrase secrète
login-hint = Tab champ suivant · Entrée se connecter · Ctrl-Q quitter
login-user-missing = Saisissez votre nom d'utilisateur.

lock-prompt = La session de { $user } est verrouillée. Saisissez la phrase secrète pour continuer.
lock-hint = Entrée déverrouiller · Ctrl-Q quitter

dashboard-overdue = { $n } en retard
dashboard-due-soon = { $n } à échéance proche
dashboard-waiting = { $n } en attente de vous
dashboard-numbers = Aujourd'hui
dashboard-go = Aller à

view-all = Tous
view-incoming = Reçus
view-verification = Vérification
view-approval = Approbation
view-travel = Voyage
view-referral = Orientation
view-closed = Clos

queue-filter = Filtre :
queue-count = { $shown } sur { $total } dossiers
queue-empty = Aucun dossier dans cette vue.

tab-person = Personne
tab-evidence = Preuves
tab-checks = Contrôles
tab-decision = Décision
tab-travel = Voyage
tab-transfer = Transfert
tab-referrals = Orientations
tab-audit = Journal

referrals-title = Orientations assignées
follow-ups-title = Suivis à faire
returnee-title = Personne de retour
providers-title = Prestataires de services
returnees-title = Personnes de retour
reports-title = Rapports
reports-figures = Chiffres clés
