# Azərbaycanca: əsas ekranlar. Çatışmayan açar ingiliscədən götürülür.
login-title = Giriş
dashboard-title = İdarə paneli
queue-title = İşlər
case-title = İş
approvals-title = Təsdiqlər
exchange-title = Mübadilə
users-title = İstifadəçilər
partners-title = Tərəfdaş açarları
agreements-title = Sazişlər
audit-title = Audit jurnalı
lock-title = Kilidlənib

role-clerk = qeydiyyatçı
role-officer = icraçı
role-supervisor = nəzarətçi
role-admin = administrator
role-auditor = auditor

login-prompt = İstifadəçi adınızı və şifrə ifadənizi daxil edin.
login-user = İstifadəçi
login-passphrase = Şifrə ifadəsi

dashboard-overdue = { $n } gecikmiş
dashboard-due-soon = { $n } müddəti yaxın
dashboard-waiting = { $n } sizi gözləyir

view-all = Hamısı
view-incoming = Daxil olan
view-verification = Yoxlama
view-approval = Təsdiq
view-closed = Bağlı

tab-person = Şəxs
tab-evidence = Sübutlar
tab-checks = Yoxlamalar
tab-decision = Qərar

referrals-title = Təyin edilmiş yönləndirmələr
follow-ups-title = Vaxtı çatmış izləmələr
returnee-title = Qayıdan şəxs
providers-title = Xidmət təminatçıları
reports-title = Hesabatlar
