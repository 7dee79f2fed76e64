# العربية: الشاشات الرئيسية. أي مفتاح ناقص يؤخذ من الإنجليزية.
login-title = تسجيل الدخول
dashboard-title = لوحة المتابعة
queue-title = الملفات
case-title = الملف
approvals-title = الموافقات
exchange-title = التبادل
users-title = المستخدمون
partners-title = مفاتيح الشركاء
agreements-title = الاتفاقيات
audit-title = سجل التدقيق
lock-title = مقفل
help-title = مفاتيح هذه الشاشة

role-clerk = موظف التسجيل
role-officer = موظف الحالات
role-supervisor = مشرف
role-admin = مدير النظام
role-auditor = مدقق

status-hint = ? مساعدة
form-required-missing = هذا الحقل مطلوب.

login-prompt = أدخل اسم المستخدم وعبارة المرور.
login-user = المستخدم
login-passphrase = عبارة المرور
login-user-missing = أدخل اسم المستخدم.

lock-prompt = جلسة { $user } مقفلة. أدخل عبارة المرور للمتابعة.

dashboard-overdue = { $n } متأخرة
dashboard-due-soon = { $n } قريبة الاستحقاق
dashboard-waiting = { $n } بانتظارك

view-all = الكل
view-incoming = الواردة
view-verification = التحقق
view-approval = الموافقة
view-travel = السفر
view-referral = الإحالة
view-closed = المغلقة

queue-count = { $shown } من { $total } ملفات
queue-empty = لا توجد ملفات في هذا العرض.

tab-person = الشخص
tab-evidence = الأدلة
tab-checks = التحقق
tab-decision = القرار
tab-travel = وثيقة السفر
tab-transfer = النقل
tab-referrals = الإحالات
tab-audit = السجل

referrals-title = الإحالات المسندة
follow-ups-title = المتابعات المستحقة
returnee-title = العائد
providers-title = مقدمو الخدمات
reports-title = التقارير
