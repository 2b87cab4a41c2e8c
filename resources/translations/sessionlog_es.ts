<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_419" sourcelanguage="en_US">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About {APPLICATION_NAME}</source>
        <translation>Acerca de {APPLICATION_NAME}</translation>
    </message>
    <message>
        <source>{APPLICATION_NAME} version {__version__}</source>
        <translation>{APPLICATION_NAME} versión {__version__}</translation>
    </message>
    <message>
        <source>Session timer, progress notes and Medicaid unit billing for job coaches and skills trainers. Everything stays on this computer. MIT License.</source>
        <translation>Cronómetro de sesiones, notas de progreso y facturación de unidades de Medicaid para job coaches y entrenadores de habilidades. Todo se queda en esta computadora. Licencia MIT.</translation>
    </message>
    <message>
        <source>Database file</source>
        <translation>Archivo de la base de datos</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Base de datos:</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Carpeta de datos</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>Carpeta de datos:</translation>
    </message>
    <message>
        <source>&amp;Open data folder</source>
        <translation>&amp;Abrir la carpeta de datos</translation>
    </message>
    <message>
        <source>Open the data folder</source>
        <translation>Abrir la carpeta de datos</translation>
    </message>
    <message>
        <source>Licences of the software SessionLog ships</source>
        <translation>Licencias del software que incluye SessionLog</translation>
    </message>
    <message>
        <source>Licences:</source>
        <translation>Licencias:</translation>
    </message>
</context>
<context>
    <name>AddendumDialog</name>
    <message>
        <source>Correction of an error</source>
        <translation>Corrección de un error</translation>
    </message>
    <message>
        <source>Information received after signing</source>
        <translation>Información recibida después de firmar</translation>
    </message>
    <message>
        <source>Clarification</source>
        <translation>Aclaración</translation>
    </message>
    <message>
        <source>Late entry of a missing detail</source>
        <translation>Registro tardío de un detalle que faltaba</translation>
    </message>
    <message>
        <source>Add an addendum</source>
        <translation>Agregar un anexo</translation>
    </message>
    <message>
        <source>Why the signed note needs an addendum</source>
        <translation>Por qué la nota firmada necesita un anexo</translation>
    </message>
    <message>
        <source>What to add or correct. The original note stays exactly as it was signed.</source>
        <translation>Qué agregar o corregir. La nota original queda exactamente como se firmó.</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Motivo</translation>
    </message>
    <message>
        <source>&amp;Addendum</source>
        <translation>&amp;Anexo</translation>
    </message>
    <message>
        <source>&amp;Sign addendum</source>
        <translation>&amp;Firmar anexo</translation>
    </message>
    <message>
        <source>This note is not signed yet: edit it directly. Addenda are for signed notes.</source>
        <translation>Esta nota todavía no está firmada: edítela directamente. Los anexos son para notas firmadas.</translation>
    </message>
    <message>
        <source>The author is not on the staff list; choose who is using this laptop (Setup menu) first.</source>
        <translation>El autor no está en la lista de personal; primero elija quién usa esta laptop (menú Configuración).</translation>
    </message>
    <message>
        <source>Signed by {who}, dated {when} when you click Sign addendum.</source>
        <translation>Firmado por {who}, con fecha {when} cuando haga clic en Firmar anexo.</translation>
    </message>
    <message>
        <source>the reason is required</source>
        <translation>el motivo es obligatorio</translation>
    </message>
    <message>
        <source>the addendum text is required</source>
        <translation>el texto del anexo es obligatorio</translation>
    </message>
    <message>
        <source>Addendum to the note of {0}: </source>
        <translation>Anexo a la nota del {0}: </translation>
    </message>
    <message>
        <source>Not saved: {exc}</source>
        <translation>No se guardó: {exc}</translation>
    </message>
</context>
<context>
    <name>AgencyEditor</name>
    <message>
        <source>10 digits</source>
        <translation>10 dígitos</translation>
    </message>
    <message>
        <source>e.g. 251S00000X</source>
        <translation>p. ej., 251S00000X</translation>
    </message>
    <message>
        <source>62701-1402 (claims need ZIP+4)</source>
        <translation>62701-1402 (los reclamos necesitan ZIP+4)</translation>
    </message>
    <message>
        <source>&amp;Save agency</source>
        <translation>&amp;Guardar agencia</translation>
    </message>
    <message>
        <source>Billing provider</source>
        <translation>Proveedor que factura</translation>
    </message>
    <message>
        <source>The agency that bills: printed on the packet&apos;s cover and sent as the billing provider of every claim (837P loop 2010AA).</source>
        <translation>La agencia que factura: se imprime en la portada del paquete y se envía como proveedor que factura en cada reclamo (837P, loop 2010AA).</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
</context>
<context>
    <name>AuthorizationsEditor</name>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Número</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Período</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Unidades</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>Usadas</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Quedan</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>Días restantes</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Uso</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>Atención</translation>
    </message>
    <message>
        <source>Authorizations</source>
        <translation>Autorizaciones</translation>
    </message>
    <message>
        <source>Ne&amp;w authorization</source>
        <translation>Nueva au&amp;torización</translation>
    </message>
    <message>
        <source>as printed on the payer&apos;s approval</source>
        <translation>tal como aparece en la aprobación del pagador</translation>
    </message>
    <message>
        <source> units</source>
        <translation> unidades</translation>
    </message>
    <message>
        <source>&amp;Save authorization</source>
        <translation>&amp;Guardar autorización</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>Re&amp;vertir</translation>
    </message>
    <message>
        <source>&amp;Client</source>
        <translation>&amp;Cliente</translation>
    </message>
    <message>
        <source>Service co&amp;de</source>
        <translation>Código &amp;de servicio</translation>
    </message>
    <message>
        <source>Authorization &amp;number</source>
        <translation>&amp;Número de autorización</translation>
    </message>
    <message>
        <source>&amp;Units granted</source>
        <translation>&amp;Unidades otorgadas</translation>
    </message>
    <message>
        <source>to</source>
        <translation>a</translation>
    </message>
    <message>
        <source>Authorization</source>
        <translation>Autorización</translation>
    </message>
    <message>
        <source>Used: units billed by signed notes dated up to today, counted by the same rules as the units report. Warnings appear at 80% used, within 14 days of the end date, and once expired.</source>
        <translation>Usadas: unidades facturadas por notas firmadas con fecha hasta hoy, contadas con las mismas reglas que el informe de unidades. Aparecen avisos al llegar al 80 % de uso, a 14 días de la fecha de fin y al vencer.</translation>
    </message>
    <message>
        <source>No authorizations on file for this client yet: add one below.</source>
        <translation>Este cliente todavía no tiene autorizaciones registradas: agregue una abajo.</translation>
    </message>
    <message>
        <source>Add a client first (Setup ▸ Clients).</source>
        <translation>Primero agregue un cliente (Configuración ▸ Clientes).</translation>
    </message>
    <message>
        <source>not read</source>
        <translation>no leído</translation>
    </message>
    <message>
        <source>{0} to {1}</source>
        <translation>{0} a {1}</translation>
    </message>
    <message>
        <source>{share}% used</source>
        <translation>{share} % usado</translation>
    </message>
    <message numerus="yes">
        <source>{used} of %n unit(s) used</source>
        <translation>
            <numerusform>{used} de %n unidad usada</numerusform>
            <numerusform>{used} de %n unidades usadas</numerusform>
        </translation>
    </message>
    <message>
        <source>Authorization not saved</source>
        <translation>La autorización no se guardó</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <source>first start of the day</source>
        <translation>primer inicio del día</translation>
    </message>
    <message>
        <source>after End-of-day signing</source>
        <translation>después de firmar en Fin del día</translation>
    </message>
    <message>
        <source>before a restore</source>
        <translation>antes de una restauración</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>a mano</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>Tomada</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clientes</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sesiones</translation>
    </message>
    <message>
        <source>Signed notes</source>
        <translation>Notas firmadas</translation>
    </message>
</context>
<context>
    <name>ChangeBus</name>
    <message>
        <source>not a kind of record: {entity!r}</source>
        <translation>no es un tipo de registro: {entity!r}</translation>
    </message>
</context>
<context>
    <name>ChangeClientDialog</name>
    <message>
        <source>Change the client</source>
        <translation>Cambiar el cliente</translation>
    </message>
    <message>
        <source>&amp;Client:</source>
        <translation>&amp;Cliente:</translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n objective(s) ticked for {name} will be cleared: they belong to that client&apos;s plan. Tick the new client&apos;s objectives afterwards.</source>
        <translation>
            <numerusform>⚠ Se desmarcará %n objetivo marcado para {name}: pertenece al plan de ese cliente. Después marque los objetivos del nuevo cliente.</numerusform>
            <numerusform>⚠ Se desmarcarán %n objetivos marcados para {name}: pertenecen al plan de ese cliente. Después marque los objetivos del nuevo cliente.</numerusform>
        </translation>
    </message>
    <message>
        <source>Clients with a treatment plan covering {0}. The times stay as recorded.</source>
        <translation>Clientes con un plan de tratamiento vigente el {0}. Las horas se conservan tal como se registraron.</translation>
    </message>
    <message>
        <source>&amp;Move the note</source>
        <translation>&amp;Mover la nota</translation>
    </message>
    <message>
        <source>No other client has a plan covering this date.</source>
        <translation>Ningún otro cliente tiene un plan vigente en esta fecha.</translation>
    </message>
</context>
<context>
    <name>ChooseStaffDialog</name>
    <message>
        <source>Who is using this laptop?</source>
        <translation>¿Quién usa esta laptop?</translation>
    </message>
    <message>
        <source>Choose your name. Sessions you time and notes you write are recorded under it, and the audit log shows it.
You can change it later in Setup ▸ Who is using this laptop.</source>
        <translation>Elija su nombre. Las sesiones que cronometra y las notas que escribe quedan registradas a su nombre, y el registro de auditoría lo muestra.
Puede cambiarlo después en Configuración ▸ Quién usa esta laptop.</translation>
    </message>
    <message>
        <source>Nobody has a staff profile on this laptop yet. Create yours: your name and credential go on every note you sign, and the audit log shows who did what.</source>
        <translation>Todavía nadie tiene un perfil de personal en esta laptop. Cree el suyo: su nombre y credencial aparecen en cada nota que firma, y el registro de auditoría muestra quién hizo qué.</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <source>&amp;Use this name</source>
        <translation>&amp;Usar este nombre</translation>
    </message>
    <message>
        <source>&amp;Create my profile…</source>
        <translation>&amp;Crear mi perfil…</translation>
    </message>
    <message>
        <source>&amp;Not on the list: create my profile…</source>
        <translation>&amp;No estoy en la lista: crear mi perfil…</translation>
    </message>
</context>
<context>
    <name>ClaimExportDialog</name>
    <message>
        <source>All clients</source>
        <translation>Todos los clientes</translation>
    </message>
    <message>
        <source>Also list &amp;held and unbillable lines, with their flags</source>
        <translation>Incluir también las líneas &amp;retenidas y no facturables, con sus avisos</translation>
    </message>
    <message>
        <source>File to write</source>
        <translation>Archivo a escribir</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>E&amp;xaminar…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportar</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Desde</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>&amp;Hasta</translation>
    </message>
    <message>
        <source>&amp;Client</source>
        <translation>&amp;Cliente</translation>
    </message>
    <message>
        <source>&amp;Save to</source>
        <translation>&amp;Guardar en</translation>
    </message>
    <message>
        <source>To: {end} is before From {start}.</source>
        <translation>Hasta: {end} es anterior a Desde {start}.</translation>
    </message>
    <message>
        <source>Save to: choose a file.</source>
        <translation>Guardar en: elija un archivo.</translation>
    </message>
    <message>
        <source>Working out the claim lines…</source>
        <translation>Calculando las líneas de reclamo…</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Saved {name}&lt;/b&gt;: %n claim line(s).</source>
        <translation>
            <numerusform>&lt;b&gt;Se guardó {name}&lt;/b&gt;: %n línea de reclamo.</numerusform>
            <numerusform>&lt;b&gt;Se guardó {name}&lt;/b&gt;: %n líneas de reclamo.</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Saved {name}&lt;/b&gt;: {claims}, {units}.</source>
        <translation>&lt;b&gt;Se guardó {name}&lt;/b&gt;: {claims}, {units}.</translation>
    </message>
    <message numerus="yes">
        <source>%n claim(s)</source>
        <translation>
            <numerusform>%n reclamo</numerusform>
            <numerusform>%n reclamos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unit(s)</source>
        <translation>
            <numerusform>%n unidad</numerusform>
            <numerusform>%n unidades</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;br&gt;Left out ({0}):&lt;ul&gt;{items}&lt;/ul&gt;</source>
        <translation>&lt;br&gt;Quedaron fuera ({0}):&lt;ul&gt;{items}&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>Nothing was written: {exc}</source>
        <translation>No se escribió nada: {exc}</translation>
    </message>
    <message>
        <source>Save to: the file could not be written ({0}).</source>
        <translation>Guardar en: no se pudo escribir el archivo ({0}).</translation>
    </message>
    <message>
        <source>Nothing was written because of an unexpected error ({__name__}).</source>
        <translation>No se escribió nada debido a un error inesperado ({__name__}).</translation>
    </message>
</context>
<context>
    <name>ClaimsDialog</name>
    <message>
        <source>Export claim lines (CSV)</source>
        <translation>Exportar líneas de reclamo (CSV)</translation>
    </message>
    <message>
        <source>Export claims (837P)</source>
        <translation>Exportar reclamos (837P)</translation>
    </message>
</context>
<context>
    <name>ClientsEditor</name>
    <message>
        <source>Find a client by name or Medicaid ID</source>
        <translation>Buscar un cliente por nombre o ID de Medicaid</translation>
    </message>
    <message>
        <source>Find a client</source>
        <translation>Buscar un cliente</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clientes</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Medicaid ID</source>
        <translation>ID de Medicaid</translation>
    </message>
    <message>
        <source>Payer</source>
        <translation>Pagador</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Show archived clients</source>
        <translation>Mostrar clientes archivados</translation>
    </message>
    <message>
        <source>Ne&amp;w client</source>
        <translation>N&amp;uevo cliente</translation>
    </message>
    <message>
        <source>&amp;Archive</source>
        <translation>&amp;Archivar</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Eliminar</translation>
    </message>
    <message>
        <source>E&amp;xport packet…</source>
        <translation>E&amp;xportar paquete…</translation>
    </message>
    <message>
        <source>A PDF documentation packet for this client</source>
        <translation>Un paquete de documentación en PDF para este cliente</translation>
    </message>
    <message>
        <source>YYYY-MM-DD or MM/DD/YYYY</source>
        <translation>AAAA-MM-DD o MM/DD/AAAA</translation>
    </message>
    <message>
        <source>No payers yet: add one on the Payers tab first</source>
        <translation>Todavía no hay pagadores: primero agregue uno en la pestaña Pagadores</translation>
    </message>
    <message>
        <source>street (needed for claims)</source>
        <translation>calle (necesaria para los reclamos)</translation>
    </message>
    <message>
        <source>city</source>
        <translation>ciudad</translation>
    </message>
    <message>
        <source>ZIP</source>
        <translation>Código postal</translation>
    </message>
    <message>
        <source>ICD-10-CM codes, e.g. F20.9; F41.1</source>
        <translation>Códigos ICD-10-CM, p. ej., F20.9; F41.1</translation>
    </message>
    <message>
        <source>&amp;Save client</source>
        <translation>Guardar c&amp;liente</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>Re&amp;vertir</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nombre</translation>
    </message>
    <message>
        <source>&amp;Birth date</source>
        <translation>&amp;Fecha de nacimiento</translation>
    </message>
    <message>
        <source>&amp;Medicaid ID</source>
        <translation>ID de &amp;Medicaid</translation>
    </message>
    <message>
        <source>&amp;Payer</source>
        <translation>&amp;Pagador</translation>
    </message>
    <message>
        <source>Dia&amp;gnoses</source>
        <translation>Dia&amp;gnósticos</translation>
    </message>
    <message>
        <source>Separate codes with semicolons; each is checked for ICD-10 form.</source>
        <translation>Separe los códigos con punto y coma; se verifica que cada uno tenga formato ICD-10.</translation>
    </message>
    <message>
        <source>Addr&amp;ess</source>
        <translation>Direcci&amp;ón</translation>
    </message>
    <message>
        <source>&amp;Time zone</source>
        <translation>&amp;Zona horaria</translation>
    </message>
    <message>
        <source>Dates of service and note times are recorded in the client&apos;s time zone.</source>
        <translation>Las fechas de servicio y las horas de las notas se registran en la zona horaria del cliente.</translation>
    </message>
    <message>
        <source>Client details</source>
        <translation>Datos del cliente</translation>
    </message>
    <message>
        <source>A client with sessions, a plan or an authorization is archived, never deleted: their notes stay for audits. Archived clients leave the daily lists and can be restored at any time.</source>
        <translation>Un cliente con sesiones, un plan o una autorización se archiva, nunca se elimina: sus notas se conservan para las auditorías. Los clientes archivados salen de las listas diarias y se pueden restaurar en cualquier momento.</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>Archivado</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Activo</translation>
    </message>
    <message>
        <source>client table row {row} has no column {column}</source>
        <translation>la fila {row} de la tabla de clientes no tiene la columna {column}</translation>
    </message>
    <message>
        <source>New — not saved yet</source>
        <translation>Nuevo — todavía sin guardar</translation>
    </message>
    <message>
        <source>Client not saved</source>
        <translation>El cliente no se guardó</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>&amp;Restaurar</translation>
    </message>
    <message>
        <source>Remove this client for good (only possible while they have no records)</source>
        <translation>Eliminar este cliente definitivamente (solo es posible mientras no tenga registros)</translation>
    </message>
    <message>
        <source>A client with sessions, a plan or an authorization can only be archived</source>
        <translation>Un cliente con sesiones, un plan o una autorización solo se puede archivar</translation>
    </message>
    <message>
        <source>Not changed</source>
        <translation>Sin cambios</translation>
    </message>
    <message>
        <source>Restored.</source>
        <translation>Restaurado.</translation>
    </message>
    <message>
        <source>Archived.</source>
        <translation>Archivado.</translation>
    </message>
    <message>
        <source>Delete client</source>
        <translation>Eliminar cliente</translation>
    </message>
    <message>
        <source>Delete {name} for good? They have no sessions, plans or authorizations.</source>
        <translation>¿Eliminar a {name} definitivamente? No tiene sesiones, planes ni autorizaciones.</translation>
    </message>
    <message>
        <source>Not deleted</source>
        <translation>No se eliminó</translation>
    </message>
</context>
<context>
    <name>ClockGapDialog</name>
    <message>
        <source>The computer slept</source>
        <translation>La computadora estuvo suspendida</translation>
    </message>
    <message>
        <source>The clock was changed</source>
        <translation>Se cambió el reloj</translation>
    </message>
    <message>
        <source>&amp;Pause the session at {began}, when the computer slept</source>
        <translation>&amp;Pausar la sesión a las {began}, cuando la computadora se suspendió</translation>
    </message>
    <message>
        <source>e.g. the session went on with the lid closed</source>
        <translation>p. ej., la sesión siguió con la tapa cerrada</translation>
    </message>
    <message>
        <source>Why the time asleep was session time</source>
        <translation>Por qué el tiempo en suspensión fue tiempo de sesión</translation>
    </message>
    <message>
        <source>To count the time asleep, say why:</source>
        <translation>Para contar el tiempo en suspensión, indique por qué:</translation>
    </message>
    <message>
        <source>&amp;Count the time asleep as session time</source>
        <translation>&amp;Contar el tiempo en suspensión como tiempo de sesión</translation>
    </message>
    <message>
        <source>The session&apos;s length is not affected: SessionLog measures it with a clock that cannot be set. This only decides how its times are written.</source>
        <translation>La duración de la sesión no cambia: SessionLog la mide con un reloj que no se puede ajustar. Esto solo decide cómo se escriben sus horas.</translation>
    </message>
    <message>
        <source>The &amp;new time is right (the clock was corrected)</source>
        <translation>La hora &amp;nueva es la correcta (se corrigió el reloj)</translation>
    </message>
    <message>
        <source>The &amp;old time was right (the clock is wrong now)</source>
        <translation>La hora a&amp;nterior era la correcta (el reloj ahora está mal)</translation>
    </message>
</context>
<context>
    <name>CoachRecords</name>
    <message>
        <source>Records</source>
        <translation>Registros</translation>
    </message>
    <message>
        <source>Your templates</source>
        <translation>Sus plantillas</translation>
    </message>
    <message>
        <source>Your quick texts</source>
        <translation>Sus textos rápidos</translation>
    </message>
</context>
<context>
    <name>CorrectTimesDialog</name>
    <message>
        <source>Correct the times</source>
        <translation>Corregir las horas</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Fin</translation>
    </message>
    <message>
        <source>&amp;Add a stretch</source>
        <translation>&amp;Agregar un tramo</translation>
    </message>
    <message>
        <source>e.g. the timer was started 10 minutes late</source>
        <translation>p. ej., el cronómetro se inició 10 minutos tarde</translation>
    </message>
    <message>
        <source>Why the times are corrected</source>
        <translation>Por qué se corrigen las horas</translation>
    </message>
    <message>
        <source>Times are the client&apos;s local time ({zone}) on {0}. The note will say its times were corrected, and why.</source>
        <translation>Las horas son la hora local del cliente ({zone}) el {0}. La nota indicará que sus horas se corrigieron y por qué.</translation>
    </message>
    <message>
        <source>&amp;Save corrected times</source>
        <translation>&amp;Guardar horas corregidas</translation>
    </message>
    <message>
        <source>Stretch start</source>
        <translation>Inicio del tramo</translation>
    </message>
    <message>
        <source>Stretch end</source>
        <translation>Fin del tramo</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Remove this stretch</source>
        <translation>Quitar este tramo</translation>
    </message>
</context>
<context>
    <name>Count</name>
    <message numerus="yes">
        <source>%n client(s)</source>
        <translation>
            <numerusform>%n cliente</numerusform>
            <numerusform>%n clientes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n sesión</numerusform>
            <numerusform>%n sesiones</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n signed note(s)</source>
        <translation>
            <numerusform>%n nota firmada</numerusform>
            <numerusform>%n notas firmadas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>These units are for the whole line: this session and %n other session(s) of the same client, code and day, rounded together.</source>
        <translation>
            <numerusform>Estas unidades son de toda la línea: esta sesión y %n sesión más del mismo cliente, código y día, redondeadas juntas.</numerusform>
            <numerusform>Estas unidades son de toda la línea: esta sesión y %n sesiones más del mismo cliente, código y día, redondeadas juntas.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unsigned note(s)</source>
        <translation>
            <numerusform>%n nota sin firmar</numerusform>
            <numerusform>%n notas sin firmar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n página</numerusform>
            <numerusform>%n páginas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n nota</numerusform>
            <numerusform>%n notas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n thing(s) missing</source>
        <translation>
            <numerusform>Falta %n dato</numerusform>
            <numerusform>Faltan %n datos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DaysOffDialog</name>
    <message>
        <source>Agency days off</source>
        <translation>Días no laborables de la agencia</translation>
    </message>
    <message>
        <source>Documentation deadlines count business days: weekends and US federal holidays are skipped already. Add the days your agency is also closed (for example the day after Thanksgiving).</source>
        <translation>Los plazos de documentación cuentan días hábiles: ya se omiten los fines de semana y los feriados federales de EE. UU. Agregue los días en que su agencia también cierra (por ejemplo, el día después de Acción de Gracias).</translation>
    </message>
    <message>
        <source>Days off</source>
        <translation>Días no laborables</translation>
    </message>
    <message>
        <source>Day to add</source>
        <translation>Día a agregar</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Agregar</translation>
    </message>
    <message>
        <source>&amp;Remove selected</source>
        <translation>&amp;Quitar seleccionados</translation>
    </message>
</context>
<context>
    <name>DraftCorrectionDialog</name>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motivo:</translation>
    </message>
</context>
<context>
    <name>EndOfDayView</name>
    <message>
        <source>Notes to finish</source>
        <translation>Notas por terminar</translation>
    </message>
    <message>
        <source>E&amp;dit in Today</source>
        <translation>E&amp;ditar en Hoy</translation>
    </message>
    <message>
        <source>Open this note in the note form on Today to fill in what is missing (Ctrl+E)</source>
        <translation>Abrir esta nota en el formulario de notas de Hoy para completar lo que falta (Ctrl+E)</translation>
    </message>
    <message>
        <source>Sign and &amp;next   (Ctrl+Enter)</source>
        <translation>Firmar y si&amp;guiente   (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Nothing left to sign.

Every note is signed and locked. Notes you time or write later appear here until they are signed.</source>
        <translation>No queda nada por firmar.

Todas las notas están firmadas y bloqueadas. Las notas que cronometre o escriba después aparecerán aquí hasta que se firmen.</translation>
    </message>
    <message>
        <source>Reading the notes to finish…</source>
        <translation>Leyendo las notas por terminar…</translation>
    </message>
    <message>
        <source>Could not read the notes to finish. Show this tab again to retry.</source>
        <translation>No se pudieron leer las notas por terminar. Vuelva a abrir esta pestaña para intentarlo de nuevo.</translation>
    </message>
    <message>
        <source>End of day — all notes signed</source>
        <translation>Fin del día — todas las notas firmadas</translation>
    </message>
    <message numerus="yes">
        <source>End of day — %n note(s) to finish</source>
        <translation>
            <numerusform>Fin del día — %n nota por terminar</numerusform>
            <numerusform>Fin del día — %n notas por terminar</numerusform>
        </translation>
    </message>
    <message>
        <source>{ready} ready to sign</source>
        <translation>{ready} listas para firmar</translation>
    </message>
    <message>
        <source>{overdue} overdue (will be marked late entries)</source>
        <translation>{overdue} vencidas (se marcarán como registros tardíos)</translation>
    </message>
    <message>
        <source>your notes</source>
        <translation>sus notas</translation>
    </message>
    <message>
        <source>everyone&apos;s notes</source>
        <translation>las notas de todos</translation>
    </message>
    <message>
        <source>Oldest first, {who}. </source>
        <translation>Primero las más antiguas, {who}. </translation>
    </message>
</context>
<context>
    <name>FieldLabels</name>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>NPI</source>
        <translation>NPI</translation>
    </message>
    <message>
        <source>Tax id (EIN)</source>
        <translation>Identificación fiscal (EIN)</translation>
    </message>
    <message>
        <source>Taxonomy code</source>
        <translation>Código de taxonomía</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Calle</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ciudad</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>ZIP</source>
        <translation>Código postal</translation>
    </message>
    <message>
        <source>Telephone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Service code</source>
        <translation>Código de servicio</translation>
    </message>
    <message>
        <source>Authorization number</source>
        <translation>Número de autorización</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Unidades</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Fecha de nacimiento</translation>
    </message>
    <message>
        <source>Medicaid ID</source>
        <translation>ID de Medicaid</translation>
    </message>
    <message>
        <source>Payer</source>
        <translation>Pagador</translation>
    </message>
    <message>
        <source>Diagnoses</source>
        <translation>Diagnósticos</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Zona horaria</translation>
    </message>
    <message>
        <source>Credential</source>
        <translation>Credencial</translation>
    </message>
    <message>
        <source>Credential modifier</source>
        <translation>Modificador de credencial</translation>
    </message>
    <message>
        <source>Attestation</source>
        <translation>Declaración</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Coach</source>
        <translation>Coach</translation>
    </message>
    <message>
        <source>Intervention</source>
        <translation>Intervención</translation>
    </message>
    <message>
        <source>Client response</source>
        <translation>Respuesta del cliente</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Clave</translation>
    </message>
    <message>
        <source>Phrase</source>
        <translation>Frase</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to {APPLICATION_NAME}</source>
        <translation>Bienvenido a {APPLICATION_NAME}</translation>
    </message>
    <message>
        <source>This database is empty.

Set up your agency, the payer, yourself and your first client with their plan and authorization, one step at a time (every step can be skipped and finished later in Setup). Or try SessionLog on a demo caseload: 4 invented clients with plans, authorizations and a month of sessions.</source>
        <translation>Esta base de datos está vacía.

Configure su agencia, el pagador, su perfil y su primer cliente con su plan y autorización, paso a paso (cada paso se puede omitir y terminar después en Configuración). O pruebe SessionLog con una carga de casos de demostración: 4 clientes inventados con planes, autorizaciones y un mes de sesiones.</translation>
    </message>
    <message>
        <source>&amp;Set up my caseload, step by step</source>
        <translation>&amp;Configurar mi carga de casos, paso a paso</translation>
    </message>
    <message>
        <source>Load the &amp;demo caseload</source>
        <translation>Cargar la carga de casos de &amp;demostración</translation>
    </message>
    <message>
        <source>Start &amp;empty (import a file later)</source>
        <translation>&amp;Empezar vacío (importar un archivo después)</translation>
    </message>
</context>
<context>
    <name>GroupStartDialog</name>
    <message>
        <source>Start a group session</source>
        <translation>Iniciar una sesión grupal</translation>
    </message>
    <message>
        <source>Attendees</source>
        <translation>Participantes</translation>
    </message>
    <message>
        <source>&amp;Start group timer</source>
        <translation>&amp;Iniciar cronómetro grupal</translation>
    </message>
    <message>
        <source>&amp;Attendees (tick 2 or more):</source>
        <translation>&amp;Participantes (marque 2 o más):</translation>
    </message>
    <message>
        <source>Ser&amp;vice:</source>
        <translation>Ser&amp;vicio:</translation>
    </message>
    <message>
        <source>One timer runs for everyone. The shared part of the note (place, intervention, narrative) is written once; each attendee gets their own objectives, response, plan, units and signature.</source>
        <translation>Un solo cronómetro corre para todos. La parte compartida de la nota (lugar, intervención, narrativa) se escribe una vez; cada participante tiene sus propios objetivos, respuesta, plan, unidades y firma.</translation>
    </message>
    <message>
        <source>Attendees: tick at least 2 clients ({count} ticked).</source>
        <translation>Participantes: marque al menos 2 clientes ({count} marcados).</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>All codes</source>
        <translation>Todos los códigos</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Cualquier estado</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Borrador</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Firmada</translation>
    </message>
    <message>
        <source>Voided (discarded drafts)</source>
        <translation>Anuladas (borradores descartados)</translation>
    </message>
    <message>
        <source>Search note text (intervention, response, plan)…</source>
        <translation>Buscar en el texto de las notas (intervención, respuesta, plan)…</translation>
    </message>
    <message>
        <source>Search note text</source>
        <translation>Buscar en el texto de las notas</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Borrar filtros</translation>
    </message>
    <message>
        <source>E&amp;xport packet…</source>
        <translation>E&amp;xportar paquete…</translation>
    </message>
    <message>
        <source>A PDF documentation packet for the client and dates chosen in the filters</source>
        <translation>Un paquete de documentación en PDF para el cliente y las fechas elegidos en los filtros</translation>
    </message>
    <message>
        <source>C&amp;lient</source>
        <translation>C&amp;liente</translation>
    </message>
    <message>
        <source>Co&amp;de</source>
        <translation>Cód&amp;igo</translation>
    </message>
    <message>
        <source>St&amp;atus</source>
        <translation>Esta&amp;do</translation>
    </message>
    <message>
        <source>Fro&amp;m</source>
        <translation>D&amp;esde</translation>
    </message>
    <message>
        <source>U&amp;ntil</source>
        <translation>Has&amp;ta</translation>
    </message>
    <message>
        <source>Sea&amp;rch</source>
        <translation>&amp;Buscar</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sesiones</translation>
    </message>
    <message>
        <source>any date</source>
        <translation>cualquier fecha</translation>
    </message>
    <message>
        <source>All clients</source>
        <translation>Todos los clientes</translation>
    </message>
    <message>
        <source>{name} (archived)</source>
        <translation>{name} (archivado)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>the query failed</source>
        <translation>la consulta falló</translation>
    </message>
    <message>
        <source>Could not load History: {message}</source>
        <translation>No se pudo cargar el Historial: {message}</translation>
    </message>
    <message>
        <source>The newest {shown:,} matching sessions; counting them all… Double-click a row to read the note.</source>
        <translation>Las {shown:,} sesiones coincidentes más recientes; contándolas todas… Haga doble clic en una fila para leer la nota.</translation>
    </message>
    <message>
        <source>No sessions match these filters.</source>
        <translation>Ninguna sesión coincide con estos filtros.</translation>
    </message>
    <message>
        <source>{total:,} sessions, newest first (showing {shown:,}; scroll for more). Double-click a row to read the note.</source>
        <translation>{total:,} sesiones, las más recientes primero (se muestran {shown:,}; desplácese para ver más). Haga doble clic en una fila para leer la nota.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln session(s), newest first. Double-click a row to read the note.</source>
        <translation>
            <numerusform>%Ln sesión, la más reciente primero. Haga doble clic en una fila para leer la nota.</numerusform>
            <numerusform>%Ln sesiones, las más recientes primero. Haga doble clic en una fila para leer la nota.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Payers</source>
        <translation>Pagadores</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clientes</translation>
    </message>
    <message>
        <source>Treatment plans</source>
        <translation>Planes de tratamiento</translation>
    </message>
    <message>
        <source>Authorizations</source>
        <translation>Autorizaciones</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sesiones</translation>
    </message>
</context>
<context>
    <name>JsonImportDialog</name>
    <message>
        <source>Import {name}</source>
        <translation>Importar {name}</translation>
    </message>
    <message>
        <source>Records in the file</source>
        <translation>Registros en el archivo</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Registros</translation>
    </message>
    <message>
        <source>In the file</source>
        <translation>En el archivo</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nuevos</translation>
    </message>
    <message>
        <source>Already stored</source>
        <translation>Ya guardados</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problemas</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>Progreso de la importación</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importar</translation>
    </message>
    <message>
        <source>File: {path}</source>
        <translation>Archivo: {path}</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>Comprobando el archivo…</translation>
    </message>
    <message>
        <source>The file could not be checked (it could not be read, or the database could not be opened). Nothing has been written; try again.</source>
        <translation>No se pudo comprobar el archivo (no se pudo leer o no se pudo abrir la base de datos). No se ha escrito nada; inténtelo de nuevo.</translation>
    </message>
    <message numerus="yes">
        <source>This file cannot be imported: %n problem(s) below. Nothing has been written. Fix the file (each line names the record and the field) and try again.</source>
        <translation>
            <numerusform>Este archivo no se puede importar: hay %n problema, indicado abajo. No se ha escrito nada. Corrija el archivo (cada línea indica el registro y el campo) y vuelva a intentarlo.</numerusform>
            <numerusform>Este archivo no se puede importar: hay %n problemas, indicados abajo. No se ha escrito nada. Corrija el archivo (cada línea indica el registro y el campo) y vuelva a intentarlo.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Ready to import %n new record(s). Nothing is written until you press Import, and then all of it or none.</source>
        <translation>
            <numerusform>Listo para importar %n registro nuevo. No se escribe nada hasta que presione Importar, y entonces se escribe todo o nada.</numerusform>
            <numerusform>Listo para importar %n registros nuevos. No se escribe nada hasta que presione Importar, y entonces se escribe todo o nada.</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything in this file is already stored; nothing to import.</source>
        <translation>Todo lo de este archivo ya está guardado; no hay nada que importar.</translation>
    </message>
    <message>
        <source>Problems ({0})</source>
        <translation>Problemas ({0})</translation>
    </message>
    <message>
        <source>No problems</source>
        <translation>Sin problemas</translation>
    </message>
    <message>
        <source>Importing… Cancel undoes all of it.</source>
        <translation>Importando… Cancelar deshace todo.</translation>
    </message>
    <message>
        <source>Cancelling… nothing will be written.</source>
        <translation>Cancelando… no se escribirá nada.</translation>
    </message>
    <message>
        <source>Import cancelled; nothing has been written.</source>
        <translation>Importación cancelada; no se ha escrito nada.</translation>
    </message>
    <message>
        <source>Not imported; nothing has been written.</source>
        <translation>No se importó; no se ha escrito nada.</translation>
    </message>
    <message>
        <source>Not imported; nothing has been written. {exc}</source>
        <translation>No se importó; no se ha escrito nada. {exc}</translation>
    </message>
    <message>
        <source>Not imported ({__name__}); nothing has been written.</source>
        <translation>No se importó ({__name__}); no se ha escrito nada.</translation>
    </message>
</context>
<context>
    <name>LanguageDialog</name>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>System (the computer&apos;s language)</source>
        <translation>Sistema (el idioma de la computadora)</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <source>The new language is used the next time SessionLog starts.</source>
        <translation>El nuevo idioma se usa la próxima vez que se inicie SessionLog.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>{APPLICATION_NAME} is locked</source>
        <translation>{APPLICATION_NAME} está bloqueado</translation>
    </message>
    <message>
        <source>Passphrase or recovery key</source>
        <translation>Frase de contraseña o clave de recuperación</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Desbloquear</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Verificando…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>This database is open read-only: its file or folder cannot be written. History, documentation packets and exports work; timing, notes, signing and setup are switched off.</source>
        <translation>Esta base de datos está abierta en modo de solo lectura: no se puede escribir en su archivo ni en su carpeta. El historial, los paquetes de documentación y las exportaciones funcionan; el cronómetro, las notas, la firma y la configuración están desactivados.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>&amp;Sesión</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>Set&amp;up</source>
        <translation>Config&amp;uración</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>saving…</source>
        <translation>guardando…</translation>
    </message>
    <message>
        <source>&amp;Today</source>
        <translation>&amp;Hoy</translation>
    </message>
    <message>
        <source>&amp;End of day</source>
        <translation>&amp;Fin del día</translation>
    </message>
    <message>
        <source>Histor&amp;y</source>
        <translation>Histo&amp;rial</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>Sig&amp;n the open note…</source>
        <translation>Fir&amp;mar la nota abierta…</translation>
    </message>
    <message>
        <source>Add an &amp;addendum to the open note…</source>
        <translation>Agregar un &amp;anexo a la nota abierta…</translation>
    </message>
    <message>
        <source>&amp;Who is using this laptop…</source>
        <translation>&amp;Quién usa esta laptop…</translation>
    </message>
    <message>
        <source>Export documentation &amp;packet (PDF)…</source>
        <translation>Exportar &amp;paquete de documentación (PDF)…</translation>
    </message>
    <message>
        <source>Export claim &amp;lines (CSV)…</source>
        <translation>Exportar lí&amp;neas de reclamo (CSV)…</translation>
    </message>
    <message>
        <source>Export &amp;claims (837P)…</source>
        <translation>Exportar re&amp;clamos (837P)…</translation>
    </message>
    <message>
        <source>&amp;Back up now…</source>
        <translation>Hacer una copia de seguridad a&amp;hora…</translation>
    </message>
    <message>
        <source>Res&amp;tore a backup…</source>
        <translation>Res&amp;taurar una copia de seguridad…</translation>
    </message>
    <message>
        <source>Loc&amp;k</source>
        <translation>Bloq&amp;uear</translation>
    </message>
    <message>
        <source>Hide everything until the passphrase is typed</source>
        <translation>Ocultar todo hasta que se escriba la frase de contraseña</translation>
    </message>
    <message>
        <source>Locking needs a passphrase: Setup ▸ Security protects the database</source>
        <translation>Para bloquear se necesita una frase de contraseña: Configuración ▸ Seguridad protege la base de datos</translation>
    </message>
    <message>
        <source>&amp;Security (passphrase, auto-lock)…</source>
        <translation>Segu&amp;ridad (frase de contraseña, bloqueo automático)…</translation>
    </message>
    <message>
        <source>&amp;Check the record…</source>
        <translation>&amp;Verificar el registro…</translation>
    </message>
    <message>
        <source>&amp;About {APPLICATION_NAME}</source>
        <translation>Acerca de &amp;{APPLICATION_NAME}</translation>
    </message>
    <message>
        <source>Open an unsigned note on Today to sign it.</source>
        <translation>Abra una nota sin firmar en Hoy para firmarla.</translation>
    </message>
    <message>
        <source>Addenda are for signed notes: open one on Today or in History.</source>
        <translation>Los anexos son para notas firmadas: abra una en Hoy o en Historial.</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restaurar</translation>
    </message>
    <message>
        <source>Stop the running timer before restoring a backup.</source>
        <translation>Detenga el cronómetro en curso antes de restaurar una copia de seguridad.</translation>
    </message>
    <message>
        <source>Automatic backup failed: {0}</source>
        <translation>La copia de seguridad automática falló: {0}</translation>
    </message>
    <message>
        <source>Backup taken.</source>
        <translation>Copia de seguridad hecha.</translation>
    </message>
    <message>
        <source>This database is open read-only: it cannot be protected from here.</source>
        <translation>Esta base de datos está abierta en modo de solo lectura: no se puede proteger desde aquí.</translation>
    </message>
    <message>
        <source>Stop the running timer first: the database is reopened afterwards.</source>
        <translation>Primero detenga el cronómetro en curso: después se vuelve a abrir la base de datos.</translation>
    </message>
    <message>
        <source>Protect this database with a passphrase? (Recommended.)

Client records on a laptop are protected health information: with a passphrase the database and its backups are encrypted, and the app locks itself when left alone. You will type the passphrase each time SessionLog starts.

Choose No to keep it unprotected (Setup ▸ Security can protect it later).</source>
        <translation>¿Proteger esta base de datos con una frase de contraseña? (Recomendado.)

Los registros de clientes en una laptop son información de salud protegida: con una frase de contraseña, la base de datos y sus copias de seguridad se cifran, y la aplicación se bloquea sola cuando se deja sin uso. Escribirá la frase de contraseña cada vez que inicie SessionLog.

Elija No para dejarla sin protección (Configuración ▸ Seguridad puede protegerla más tarde).</translation>
    </message>
    <message>
        <source>Protect the database</source>
        <translation>Proteger la base de datos</translation>
    </message>
    <message>
        <source>Choose the passphrase you will type to open SessionLog. Without it (or the recovery key) nobody can open the records, including you.</source>
        <translation>Elija la frase de contraseña que escribirá para abrir SessionLog. Sin ella (o sin la clave de recuperación) nadie puede abrir los registros, ni siquiera usted.</translation>
    </message>
    <message numerus="yes">
        <source>%n protective trigger(s) were missing from the database and have been put back: {0}.

The file was changed outside SessionLog. Help ▸ Check the record shows whether any note or audit entry was altered.</source>
        <translation>
            <numerusform>Faltaba %n disparador de protección en la base de datos y se restableció: {0}.

El archivo se modificó fuera de SessionLog. Ayuda ▸ Verificar el registro muestra si se alteró alguna nota o entrada de auditoría.</numerusform>
            <numerusform>Faltaban %n disparadores de protección en la base de datos y se restablecieron: {0}.

El archivo se modificó fuera de SessionLog. Ayuda ▸ Verificar el registro muestra si se alteró alguna nota o entrada de auditoría.</numerusform>
        </translation>
    </message>
    <message>
        <source>Working as: {name}</source>
        <translation>Trabajando como: {name}</translation>
    </message>
    <message>
        <source>No staff member chosen</source>
        <translation>No se eligió ningún miembro del personal</translation>
    </message>
</context>
<context>
    <name>ManualEntryDialog</name>
    <message>
        <source>Enter an untimed session</source>
        <translation>Registrar una sesión no cronometrada</translation>
    </message>
    <message>
        <source>e.g. laptop battery was flat; timed on paper</source>
        <translation>p. ej., la batería de la laptop se agotó; se cronometró en papel</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Service code</source>
        <translation>Código de servicio</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>&amp;Client:</source>
        <translation>&amp;Cliente:</translation>
    </message>
    <message>
        <source>Ser&amp;vice:</source>
        <translation>Ser&amp;vicio:</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>&amp;Fecha:</translation>
    </message>
    <message>
        <source>S&amp;tart:</source>
        <translation>&amp;Inicio:</translation>
    </message>
    <message>
        <source>&amp;End:</source>
        <translation>Fi&amp;n:</translation>
    </message>
    <message>
        <source>&amp;Reason not timed:</source>
        <translation>&amp;Motivo por el que no se cronometró:</translation>
    </message>
    <message>
        <source>&amp;Add session</source>
        <translation>&amp;Agregar sesión</translation>
    </message>
    <message>
        <source>The note is marked as a manual entry with your reason, so a reviewer can tell it from a timed session.</source>
        <translation>La nota se marca como registro manual con su motivo, para que un revisor la distinga de una sesión cronometrada.</translation>
    </message>
    <message>
        <source>Times are local to the client: {0}.</source>
        <translation>Las horas son locales del cliente: {0}.</translation>
    </message>
    <message>
        <source>now</source>
        <translation>ahora</translation>
    </message>
    <message>
        <source>These times overlap your sessions</source>
        <translation>Estas horas se superponen con sus sesiones</translation>
    </message>
    <message>
        <source>These times overlap your session</source>
        <translation>Estas horas se superponen con su sesión</translation>
    </message>
    <message>
        <source> with </source>
        <translation> — </translation>
    </message>
    <message>
        <source>. Auditors check a coach&apos;s clock times: change the times, or add it anyway.</source>
        <translation>. Los auditores revisan las horas de reloj de cada coach: cambie las horas o agréguela de todos modos.</translation>
    </message>
    <message>
        <source>&amp;Add anyway</source>
        <translation>&amp;Agregar de todos modos</translation>
    </message>
    <message>
        <source>A long session</source>
        <translation>Una sesión larga</translation>
    </message>
    <message>
        <source>This session lasts {0} h {1:02d} min. Is that right?</source>
        <translation>Esta sesión dura {0} h {1:02d} min. ¿Es correcto?</translation>
    </message>
    <message>
        <source>Client: add a client first (Setup).</source>
        <translation>Cliente: primero agregue un cliente (Configuración).</translation>
    </message>
</context>
<context>
    <name>NewPassphraseDialog</name>
    <message>
        <source>At least {PASSPHRASE_MIN_LENGTH} characters</source>
        <translation>Al menos {PASSPHRASE_MIN_LENGTH} caracteres</translation>
    </message>
    <message>
        <source>The same again</source>
        <translation>Lo mismo otra vez</translation>
    </message>
    <message>
        <source>Show a recovery key to print or save (recommended)</source>
        <translation>Mostrar una clave de recuperación para imprimir o guardar (recomendado)</translation>
    </message>
    <message>
        <source>New passphrase:</source>
        <translation>Nueva frase de contraseña:</translation>
    </message>
    <message>
        <source>Again:</source>
        <translation>Repetir:</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Las dos frases de contraseña no coinciden.</translation>
    </message>
</context>
<context>
    <name>NoteForm</name>
    <message>
        <source>Start the timer, pick a session from today&apos;s list, or enter an untimed session: its note appears here.</source>
        <translation>Inicie el cronómetro, elija una sesión de la lista de hoy o registre una sesión no cronometrada: su nota aparece aquí.</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>Save status</source>
        <translation>Estado del guardado</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Unidades</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Service code</source>
        <translation>Código de servicio</translation>
    </message>
    <message>
        <source>Place of service</source>
        <translation>Lugar de servicio</translation>
    </message>
    <message>
        <source>Choose where the service happened…</source>
        <translation>Elija dónde se prestó el servicio…</translation>
    </message>
    <message>
        <source>&amp;Place</source>
        <translation>&amp;Lugar</translation>
    </message>
    <message>
        <source>Service co&amp;de</source>
        <translation>Código &amp;de servicio</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>En persona</translation>
    </message>
    <message>
        <source>Telehealth</source>
        <translation>Telesalud</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modalidad</translation>
    </message>
    <message>
        <source>Reason not timed</source>
        <translation>Motivo por el que no se cronometró</translation>
    </message>
    <message>
        <source>Wh&amp;at you did</source>
        <translation>&amp;Qué hizo</translation>
    </message>
    <message>
        <source>Intervention details</source>
        <translation>Detalles de la intervención</translation>
    </message>
    <message>
        <source>Details: what you modeled, prompted, practiced…</source>
        <translation>Detalles: qué modeló, indicó, practicó…</translation>
    </message>
    <message>
        <source>Detai&amp;ls</source>
        <translation>Detall&amp;es</translation>
    </message>
    <message>
        <source>Narrative</source>
        <translation>Narrativa</translation>
    </message>
    <message>
        <source>Anything else that happened (optional): others present, setting…</source>
        <translation>Cualquier otra cosa que haya pasado (opcional): otras personas presentes, entorno…</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progreso</translation>
    </message>
    <message>
        <source>&amp;Objectives</source>
        <translation>Ob&amp;jetivos</translation>
    </message>
    <message>
        <source>Client response</source>
        <translation>Respuesta del cliente</translation>
    </message>
    <message>
        <source>How the client responded; progress or barriers toward the goal</source>
        <translation>Cómo respondió el cliente; progreso o barreras hacia la meta</translation>
    </message>
    <message>
        <source>&amp;Response</source>
        <translation>Res&amp;puesta</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>What happens next session; new needs</source>
        <translation>Qué sigue en la próxima sesión; nuevas necesidades</translation>
    </message>
    <message>
        <source>Ne&amp;xt session</source>
        <translation>Pró&amp;xima sesión</translation>
    </message>
    <message>
        <source>Use te&amp;mplate</source>
        <translation>Usar plan&amp;tilla</translation>
    </message>
    <message>
        <source>Use template</source>
        <translation>Usar plantilla</translation>
    </message>
    <message>
        <source>Copy from last note</source>
        <translation>Copiar de la última nota</translation>
    </message>
    <message>
        <source>Sign… (Ctrl+Enter)</source>
        <translation>Firmar… (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Add addendum…</source>
        <translation>Agregar anexo…</translation>
    </message>
    <message>
        <source>Discard draft…</source>
        <translation>Descartar borrador…</translation>
    </message>
    <message>
        <source>Correct times…</source>
        <translation>Corregir horas…</translation>
    </message>
    <message>
        <source>Change client…</source>
        <translation>Cambiar cliente…</translation>
    </message>
    <message>
        <source>(unknown client)</source>
        <translation>(cliente desconocido)</translation>
    </message>
    <message>
        <source> · group of {group_size}</source>
        <translation> · grupo de {group_size}</translation>
    </message>
    <message>
        <source>Note — {name}{group}</source>
        <translation>Nota — {name}{group}</translation>
    </message>
    <message>
        <source>Shared by all attendees — written once, copied to each note</source>
        <translation>Compartida por todos los participantes — se escribe una vez y se copia en cada nota</translation>
    </message>
    <message>
        <source>{name} — their own progress</source>
        <translation>{name} — su propio progreso</translation>
    </message>
    <message>
        <source>no times yet</source>
        <translation>todavía sin horas</translation>
    </message>
    <message numerus="yes">
        <source>, %n pause(s)</source>
        <translation>
            <numerusform>, %n pausa</numerusform>
            <numerusform>, %n pausas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n unit(s)&lt;/b&gt; of {code} · </source>
        <translation>
            <numerusform>&lt;b&gt;%n unidad&lt;/b&gt; de {code} · </numerusform>
            <numerusform>&lt;b&gt;%n unidades&lt;/b&gt; de {code} · </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This session: {own} min. The payer counts the day&apos;s minutes together, so the units are for the day with %n other session(s) of this client and service.
{explanation}</source>
        <translation>
            <numerusform>Esta sesión: {own} min. El pagador suma los minutos del día, así que las unidades son del día, junto con %n sesión más de este cliente y servicio.
{explanation}</numerusform>
            <numerusform>Esta sesión: {own} min. El pagador suma los minutos del día, así que las unidades son del día, junto con %n sesiones más de este cliente y servicio.
{explanation}</numerusform>
        </translation>
    </message>
    <message>
        <source>Saving… the Sign dialog opens as soon as the note is stored.</source>
        <translation>Guardando… la ventana Firmar se abre en cuanto la nota quede guardada.</translation>
    </message>
    <message>
        <source>now</source>
        <translation>ahora</translation>
    </message>
    <message>
        <source>Timer running</source>
        <translation>Cronómetro en curso</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Borrador</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Firmada</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Anulada</translation>
    </message>
    <message>
        <source> · Manual entry</source>
        <translation> · Registro manual</translation>
    </message>
    <message>
        <source> · times corrected: {reason}</source>
        <translation> · horas corregidas: {reason}</translation>
    </message>
    <message>
        <source>Group session · {present} clients present</source>
        <translation>Sesión grupal · {present} clientes presentes</translation>
    </message>
    <message>
        <source>Individual session</source>
        <translation>Sesión individual</translation>
    </message>
    <message>
        <source>No treatment plan covers {day}: add or extend the plan (Setup) so this note can name the goal it worked on.</source>
        <translation>Ningún plan de tratamiento cubre el {day}: agregue o extienda el plan (Configuración) para que esta nota pueda indicar el objetivo que se trabajó.</translation>
    </message>
    <message>
        <source>Goal: {text}</source>
        <translation>Meta: {text}</translation>
    </message>
    <message>
        <source> (retired)</source>
        <translation> (retirado)</translation>
    </message>
    <message>
        <source>Stop the timer before signing.</source>
        <translation>Detenga el cronómetro antes de firmar.</translation>
    </message>
    <message>
        <source>Check the note, then sign and lock it.</source>
        <translation>Revise la nota y luego fírmela y bloquéela.</translation>
    </message>
    <message>
        <source>Stop the timer before correcting the times.</source>
        <translation>Detenga el cronómetro antes de corregir las horas.</translation>
    </message>
    <message>
        <source>Edit each stretch&apos;s start and stop, add or remove one; say why.</source>
        <translation>Edite el inicio y el fin de cada tramo, agregue o quite uno; indique por qué.</translation>
    </message>
    <message>
        <source>Stop the timer before discarding.</source>
        <translation>Detenga el cronómetro antes de descartar.</translation>
    </message>
    <message>
        <source>Keep it as voided, with a reason: it counts for nothing.</source>
        <translation>Se conserva como anulada, con un motivo: no cuenta para nada.</translation>
    </message>
    <message>
        <source> (late entry)</source>
        <translation> (registro tardío)</translation>
    </message>
    <message>
        <source>🔒 Signed by {signer_name}, {credential}, on {when}{late}. The note is locked; add an addendum to correct or add to it.</source>
        <translation>🔒 Firmada por {signer_name}, {credential}, el {when}{late}. La nota está bloqueada; agregue un anexo para corregirla o completarla.</translation>
    </message>
    <message>
        <source>Changes to the shared part are copied to every attendee whose note is not yet signed.</source>
        <translation>Los cambios en la parte compartida se copian a cada participante cuya nota todavía no esté firmada.</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Addendum&lt;/b&gt; by {signer_name}, {when} — {0}&lt;br&gt;{1}&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Anexo&lt;/b&gt; de {signer_name}, {when} — {0}&lt;br&gt;{1}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>No template of yours for {code} (Setup ▸ Templates).</source>
        <translation>No tiene una plantilla propia para {code} (Configuración ▸ Plantillas).</translation>
    </message>
    <message>
        <source>Fill the empty fields from your {code} template; replace each [placeholder].</source>
        <translation>Llenar los campos vacíos con su plantilla de {code}; reemplace cada [marcador].</translation>
    </message>
    <message>
        <source>Copy objectives, intervention and plan of this client&apos;s last {code} note into the empty fields (never the response). Ctrl+Shift+L</source>
        <translation>Copiar los objetivos, la intervención y el plan de la última nota de {code} de este cliente en los campos vacíos (nunca la respuesta). Ctrl+Shift+L</translation>
    </message>
    <message>
        <source>No template of yours for this code: add one in Setup ▸ Templates.</source>
        <translation>No tiene una plantilla propia para este código: agregue una en Configuración ▸ Plantillas.</translation>
    </message>
    <message>
        <source>Every field the template fills already has text.</source>
        <translation>Todos los campos que llena la plantilla ya tienen texto.</translation>
    </message>
    <message>
        <source>Template used: replace each [placeholder] with what happened.</source>
        <translation>Se usó la plantilla: reemplace cada [marcador] con lo que pasó.</translation>
    </message>
    <message>
        <source>Copied from the note of {source_date}: make it about this session.</source>
        <translation>Copiado de la nota del {source_date}: adáptelo a esta sesión.</translation>
    </message>
    <message>
        <source>Nothing to copy: those fields already have text.</source>
        <translation>Nada que copiar: esos campos ya tienen texto.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Saving… (another program is writing; kept safe)</source>
        <translation>Guardando… (otro programa está escribiendo; se conserva a salvo)</translation>
    </message>
    <message>
        <source>Not saved: {exc}</source>
        <translation>No se guardó: {exc}</translation>
    </message>
    <message>
        <source>Saved {stamp}</source>
        <translation>Guardado {stamp}</translation>
    </message>
    <message>
        <source>Not saved: {problem}</source>
        <translation>No se guardó: {problem}</translation>
    </message>
    <message>
        <source>Units cannot be worked out yet.</source>
        <translation>Todavía no se pueden calcular las unidades.</translation>
    </message>
    <message>
        <source> so far</source>
        <translation> hasta ahora</translation>
    </message>
    <message>
        <source>{minutes} min{so_far}</source>
        <translation>{minutes} min{so_far}</translation>
    </message>
    <message>
        <source> — &lt;b&gt;{billable} billable&lt;/b&gt;</source>
        <translation> — &lt;b&gt;{billable} facturables&lt;/b&gt;</translation>
    </message>
    <message>
        <source>The authorization for {code} expired on {ended}.</source>
        <translation>La autorización para {code} venció el {ended}.</translation>
    </message>
</context>
<context>
    <name>NoteViewer</name>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
</context>
<context>
    <name>NoteViewerDialog</name>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>&amp;Sign…</source>
        <translation>&amp;Firmar…</translation>
    </message>
    <message>
        <source>Add &amp;addendum…</source>
        <translation>Agregar &amp;anexo…</translation>
    </message>
    <message>
        <source>&amp;Co-sign as supervisor…</source>
        <translation>&amp;Cofirmar como supervisor…</translation>
    </message>
    <message>
        <source>{statement}

Co-signed by {who} on {0}.

A co-signature cannot be changed or removed.</source>
        <translation>{statement}

Cofirmada por {who} el {0}.

Una cofirma no se puede cambiar ni quitar.</translation>
    </message>
    <message>
        <source>Not co-signed</source>
        <translation>Sin cofirmar</translation>
    </message>
    <message>
        <source>Co-sign this note</source>
        <translation>Cofirmar esta nota</translation>
    </message>
</context>
<context>
    <name>PacketDialog</name>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Archivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Export documentation packet</source>
        <translation>Exportar paquete de documentación</translation>
    </message>
    <message>
        <source>Choose a client</source>
        <translation>Elija un cliente</translation>
    </message>
    <message>
        <source>&amp;Letter</source>
        <translation>Car&amp;ta</translation>
    </message>
    <message>
        <source>&amp;A4</source>
        <translation>&amp;A4</translation>
    </message>
    <message>
        <source>Lea&amp;ve unsigned notes out (listed on the cover)</source>
        <translation>De&amp;jar fuera las notas sin firmar (se enumeran en la portada)</translation>
    </message>
    <message>
        <source>&amp;Include unsigned notes, marked {MARK_UNSIGNED}</source>
        <translation>&amp;Incluir las notas sin firmar, marcadas {MARK_UNSIGNED}</translation>
    </message>
    <message>
        <source>Where to save the PDF</source>
        <translation>Dónde guardar el PDF</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>E&amp;legir…</translation>
    </message>
    <message>
        <source>&amp;Open the PDF when done</source>
        <translation>A&amp;brir el PDF al terminar</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportar</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Desde</translation>
    </message>
    <message>
        <source>&amp;Until</source>
        <translation>&amp;Hasta</translation>
    </message>
    <message>
        <source>&amp;Client</source>
        <translation>&amp;Cliente</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Período</translation>
    </message>
    <message>
        <source>Dates of service; both days are included.</source>
        <translation>Fechas de servicio; se incluyen ambos días.</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Papel</translation>
    </message>
    <message>
        <source>Unsigned notes</source>
        <translation>Notas sin firmar</translation>
    </message>
    <message>
        <source>&amp;Save to</source>
        <translation>&amp;Guardar en</translation>
    </message>
    <message>
        <source>One PDF with the client&apos;s progress notes, the unit summary, treatment plans and authorizations for the period, readable without SessionLog.</source>
        <translation>Un PDF con las notas de progreso del cliente, el resumen de unidades, los planes de tratamiento y las autorizaciones del período, que se puede leer sin SessionLog.</translation>
    </message>
    <message>
        <source>{name} (archived)</source>
        <translation>{name} (archivado)</translation>
    </message>
    <message>
        <source>Client: choose a client.</source>
        <translation>Cliente: elija un cliente.</translation>
    </message>
    <message>
        <source>Until: is before From.</source>
        <translation>Hasta: es anterior a Desde.</translation>
    </message>
    <message>
        <source>Save to: choose where to save the PDF.</source>
        <translation>Guardar en: elija dónde guardar el PDF.</translation>
    </message>
    <message>
        <source>Save to: give the full path of the file, or use Choose….</source>
        <translation>Guardar en: indique la ruta completa del archivo o use Elegir….</translation>
    </message>
    <message>
        <source>Save to: that is a folder; add a file name.</source>
        <translation>Guardar en: eso es una carpeta; agregue un nombre de archivo.</translation>
    </message>
    <message>
        <source>Save to: the folder {parent} does not exist.</source>
        <translation>Guardar en: la carpeta {parent} no existe.</translation>
    </message>
    <message>
        <source>Save to: the folder {parent} cannot be written to.</source>
        <translation>Guardar en: no se puede escribir en la carpeta {parent}.</translation>
    </message>
    <message>
        <source>Save the documentation packet</source>
        <translation>Guardar el paquete de documentación</translation>
    </message>
    <message>
        <source>Gathering the notes and unit figures…</source>
        <translation>Reuniendo las notas y las cifras de unidades…</translation>
    </message>
    <message>
        <source>Replace the file?</source>
        <translation>¿Reemplazar el archivo?</translation>
    </message>
    <message>
        <source>{name} already exists in {parent}.

Replace it with the new packet?</source>
        <translation>{name} ya existe en {parent}.

¿Reemplazarlo con el nuevo paquete?</translation>
    </message>
    <message>
        <source>Laying out the notes and writing the PDF…</source>
        <translation>Diagramando las notas y escribiendo el PDF…</translation>
    </message>
    <message>
        <source>The PDF was saved, but no program to open it was found. Use Show in folder to find it.</source>
        <translation>El PDF se guardó, pero no se encontró un programa para abrirlo. Use Mostrar en la carpeta para encontrarlo.</translation>
    </message>
    <message>
        <source>, {0} left out (listed on the cover)</source>
        <translation>, {0} dejadas fuera (se enumeran en la portada)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Saved {name}&lt;/b&gt;&lt;br&gt;{0}, {1} included{left_out}.&lt;br&gt;SHA-256 (printed in every page footer):&lt;br&gt;&lt;span style=&apos;font-family: monospace;&apos;&gt;{sha256}&lt;/span&gt;&lt;br&gt;&lt;a href=&apos;{folder}&apos;&gt;Show in folder&lt;/a&gt;</source>
        <translation>&lt;b&gt;Se guardó {name}&lt;/b&gt;&lt;br&gt;{0}, {1} incluidas{left_out}.&lt;br&gt;SHA-256 (impreso en el pie de cada página):&lt;br&gt;&lt;span style=&apos;font-family: monospace;&apos;&gt;{sha256}&lt;/span&gt;&lt;br&gt;&lt;a href=&apos;{folder}&apos;&gt;Mostrar en la carpeta&lt;/a&gt;</translation>
    </message>
    <message>
        <source>The packet was not made: {exc}</source>
        <translation>No se generó el paquete: {exc}</translation>
    </message>
    <message>
        <source>Save to: the file could not be written ({reason}).</source>
        <translation>Guardar en: no se pudo escribir el archivo ({reason}).</translation>
    </message>
    <message>
        <source>The packet was not made because of an unexpected error ({__name__}). The application log has the details.</source>
        <translation>No se generó el paquete debido a un error inesperado ({__name__}). El registro de la aplicación tiene los detalles.</translation>
    </message>
</context>
<context>
    <name>PayersEditor</name>
    <message>
        <source>95 (audio-video; most payers)</source>
        <translation>95 (audio y video; la mayoría de los pagadores)</translation>
    </message>
    <message>
        <source>GT (some payers still require it)</source>
        <translation>GT (algunos pagadores todavía lo exigen)</translation>
    </message>
    <message>
        <source>93 (audio-only)</source>
        <translation>93 (solo audio)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Ninguno</translation>
    </message>
    <message>
        <source>Payers</source>
        <translation>Pagadores</translation>
    </message>
    <message>
        <source>New pa&amp;yer</source>
        <translation>N&amp;uevo pagador</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>usual ({default} min)</source>
        <translation>habitual ({default} min)</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>sin definir</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>sin límite</translation>
    </message>
    <message>
        <source> units</source>
        <translation> unidades</translation>
    </message>
    <message>
        <source>the payer&apos;s id at the clearinghouse</source>
        <translation>el ID del pagador en el clearinghouse</translation>
    </message>
    <message>
        <source>no rate</source>
        <translation>sin tarifa</translation>
    </message>
    <message>
        <source>any size</source>
        <translation>cualquier tamaño</translation>
    </message>
    <message>
        <source>Add the staff credential modifier (HM/HN/HO/HP)</source>
        <translation>Agregar el modificador de credencial del personal (HM/HN/HO/HP)</translation>
    </message>
    <message>
        <source> business days</source>
        <translation> días hábiles</translation>
    </message>
    <message>
        <source>the same day</source>
        <translation>el mismo día</translation>
    </message>
    <message>
        <source> minutes</source>
        <translation> minutos</translation>
    </message>
    <message>
        <source>&amp;Save payer</source>
        <translation>&amp;Guardar pagador</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>Re&amp;vertir</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nombre</translation>
    </message>
    <message>
        <source>Partial 15-minute units</source>
        <translation>Unidades parciales de 15 minutos</translation>
    </message>
    <message>
        <source>Several sessions of one code on one day</source>
        <translation>Varias sesiones de un código en un día</translation>
    </message>
    <message>
        <source>Per-diem codes: minutes a day for the unit</source>
        <translation>Códigos por día: minutos al día para la unidad</translation>
    </message>
    <message>
        <source>per-diem minimum </source>
        <translation>mínimo por día </translation>
    </message>
    <message>
        <source>Daily maximum units per client and code</source>
        <translation>Máximo diario de unidades por cliente y código</translation>
    </message>
    <message>
        <source>daily maximum</source>
        <translation>máximo diario</translation>
    </message>
    <message>
        <source>daily maximum </source>
        <translation>máximo diario </translation>
    </message>
    <message>
        <source>Claim lines and deadlines</source>
        <translation>Líneas de reclamo y plazos</translation>
    </message>
    <message>
        <source>&amp;Telehealth modifier</source>
        <translation>Modificador de &amp;telesalud</translation>
    </message>
    <message>
        <source>telehealth modifier</source>
        <translation>modificador de telesalud</translation>
    </message>
    <message>
        <source>Notes due &amp;within</source>
        <translation>Notas a entregar &amp;dentro de</translation>
    </message>
    <message>
        <source>documentation deadline</source>
        <translation>plazo de documentación</translation>
    </message>
    <message>
        <source>after the date of service; later notes are marked late</source>
        <translation>después de la fecha de servicio; las notas posteriores se marcan como tardías</translation>
    </message>
    <message>
        <source>Claims: payer id, rates and group sizes</source>
        <translation>Reclamos: ID del pagador, tarifas y tamaños de grupo</translation>
    </message>
    <message>
        <source>Payer id</source>
        <translation>ID del pagador</translation>
    </message>
    <message>
        <source>Audio-only modifier</source>
        <translation>Modificador de solo audio</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>Rate per unit</source>
        <translation>Tarifa por unidad</translation>
    </message>
    <message>
        <source>Largest group</source>
        <translation>Grupo más grande</translation>
    </message>
    <message>
        <source>audio-only modifier</source>
        <translation>modificador de solo audio</translation>
    </message>
    <message>
        <source>rate </source>
        <translation>tarifa </translation>
    </message>
    <message>
        <source>maximum group </source>
        <translation>grupo máximo </translation>
    </message>
    <message>
        <source>Example with these settings</source>
        <translation>Ejemplo con esta configuración</translation>
    </message>
    <message>
        <source>of</source>
        <translation>de</translation>
    </message>
    <message>
        <source>Worked out by the same rules that bill the claim, before caps.</source>
        <translation>Calculado con las mismas reglas con que se factura el reclamo, antes de los topes.</translation>
    </message>
    <message>
        <source>{minutes} minutes → {0}</source>
        <translation>{minutes} minutos → {0}</translation>
    </message>
    <message>
        <source>One unit a day from {needed} minutes; less than that pays nothing.</source>
        <translation>Una unidad al día a partir de {needed} minutos; menos que eso no se paga.</translation>
    </message>
    <message>
        <source>No amount of minutes earns a unit.</source>
        <translation>Ninguna cantidad de minutos genera una unidad.</translation>
    </message>
    <message>
        <source>Minutes → units: </source>
        <translation>Minutos → unidades: </translation>
    </message>
    <message>
        <source>
No more than {0} of {code} a day are billable.</source>
        <translation>
No se facturan más de {0} de {code} al día.</translation>
    </message>
    <message>
        <source>Payer not saved</source>
        <translation>El pagador no se guardó</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
</context>
<context>
    <name>PendingWrites</name>
    <message>
        <source>not saved ({__name__})</source>
        <translation>no se guardó ({__name__})</translation>
    </message>
</context>
<context>
    <name>PlansEditor</name>
    <message>
        <source>New plan from the &amp;previous one</source>
        <translation>Nuevo plan a partir del &amp;anterior</translation>
    </message>
    <message>
        <source>New &amp;empty plan</source>
        <translation>Nu&amp;evo plan vacío</translation>
    </message>
    <message>
        <source>Goals and objectives</source>
        <translation>Metas y objetivos</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Add &amp;goal</source>
        <translation>Agregar &amp;meta</translation>
    </message>
    <message>
        <source>Add &amp;objective</source>
        <translation>Agregar &amp;objetivo</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>Su&amp;bir</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>Ba&amp;jar</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Quitar</translation>
    </message>
    <message>
        <source>Re&amp;tire</source>
        <translation>Re&amp;tirar</translation>
    </message>
    <message>
        <source>&amp;Save plan</source>
        <translation>&amp;Guardar plan</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>Re&amp;vertir</translation>
    </message>
    <message>
        <source>&amp;Client</source>
        <translation>&amp;Cliente</translation>
    </message>
    <message>
        <source>P&amp;lan</source>
        <translation>P&amp;lan</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Período</translation>
    </message>
    <message>
        <source>to</source>
        <translation>a</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>goal </source>
        <translation>meta </translation>
    </message>
    <message>
        <source>Double-click a goal or objective to change its wording. Objectives that notes refer to cannot be removed, only retired; a retired objective stays on its old notes but is no longer offered for new ones.</source>
        <translation>Haga doble clic en una meta o un objetivo para cambiar su redacción. Los objetivos a los que se refieren las notas no se pueden quitar, solo retirar; un objetivo retirado se queda en sus notas anteriores, pero ya no se ofrece para notas nuevas.</translation>
    </message>
    <message>
        <source>{0} to {1}</source>
        <translation>{0} a {1}</translation>
    </message>
    <message>
        <source>{label} (current)</source>
        <translation>{label} (vigente)</translation>
    </message>
    <message>
        <source>{label} (ended)</source>
        <translation>{label} (terminado)</translation>
    </message>
    <message>
        <source>{label} (upcoming)</source>
        <translation>{label} (próximo)</translation>
    </message>
    <message>
        <source>Add a client first (Setup ▸ Clients).</source>
        <translation>Primero agregue un cliente (Configuración ▸ Clientes).</translation>
    </message>
    <message>
        <source>No treatment plan on file for this client yet: start one with “New empty plan”.</source>
        <translation>Este cliente todavía no tiene un plan de tratamiento registrado: empiece uno con “Nuevo plan vacío”.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Cambios sin guardar</translation>
    </message>
    <message>
        <source>Discard the changes to this plan?</source>
        <translation>¿Descartar los cambios en este plan?</translation>
    </message>
    <message>
        <source>New plan (not saved yet)</source>
        <translation>Nuevo plan (todavía sin guardar)</translation>
    </message>
    <message>
        <source>Not saved yet: check the period, then save.</source>
        <translation>Todavía sin guardar: revise el período y luego guarde.</translation>
    </message>
    <message>
        <source>used by signed notes</source>
        <translation>usado en notas firmadas</translation>
    </message>
    <message>
        <source>used by draft notes</source>
        <translation>usado en notas en borrador</translation>
    </message>
    <message>
        <source>Signed notes refer to this objective: retire it instead.</source>
        <translation>Hay notas firmadas que se refieren a este objetivo: retírelo en su lugar.</translation>
    </message>
    <message>
        <source>Draft notes refer to this objective: retire it instead.</source>
        <translation>Hay notas en borrador que se refieren a este objetivo: retírelo en su lugar.</translation>
    </message>
    <message>
        <source>Notes refer to objectives of this goal: retire those instead.</source>
        <translation>Hay notas que se refieren a objetivos de esta meta: retire esos objetivos en su lugar.</translation>
    </message>
    <message>
        <source>Remove from the plan</source>
        <translation>Quitar del plan</translation>
    </message>
    <message>
        <source>Res&amp;tore</source>
        <translation>Res&amp;taurar</translation>
    </message>
    <message>
        <source>Notes refer to this objective, so it stays on the plan, retired.</source>
        <translation>Hay notas que se refieren a este objetivo, así que se queda en el plan, retirado.</translation>
    </message>
    <message>
        <source>Its wording is locked: signed notes show it.</source>
        <translation>Su redacción está bloqueada: las notas firmadas la muestran.</translation>
    </message>
    <message>
        <source>New goal</source>
        <translation>Nueva meta</translation>
    </message>
    <message>
        <source>New objective</source>
        <translation>Nuevo objetivo</translation>
    </message>
    <message>
        <source>Plan not saved</source>
        <translation>El plan no se guardó</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
</context>
<context>
    <name>ProblemLabel</name>
    <message>
        <source>Problem with {name}</source>
        <translation>Problema con {name}</translation>
    </message>
</context>
<context>
    <name>ProblemList</name>
    <message>
        <source>Not saved: fix what is marked in red above.</source>
        <translation>No se guardó: corrija lo que está marcado en rojo arriba.</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problemas</translation>
    </message>
    <message>
        <source>Not saved. Please fix:</source>
        <translation>No se guardó. Corrija lo siguiente:</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>no times yet</source>
        <translation>todavía sin horas</translation>
    </message>
</context>
<context>
    <name>QuickTextList</name>
    <message>
        <source>New &amp;quick text</source>
        <translation>Nuevo te&amp;xto rápido</translation>
    </message>
    <message>
        <source>;prompt</source>
        <translation>;indicacion</translation>
    </message>
    <message>
        <source>e.g. with one verbal prompt</source>
        <translation>p. ej., con una indicación verbal</translation>
    </message>
    <message>
        <source>Save q&amp;uick text</source>
        <translation>Guardar texto rápid&amp;o</translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation>E&amp;liminar</translation>
    </message>
    <message>
        <source>&amp;Key</source>
        <translation>&amp;Clave</translation>
    </message>
    <message>
        <source>Ph&amp;rase</source>
        <translation>F&amp;rase</translation>
    </message>
    <message>
        <source>In any note text field, type the key and a space to put the phrase in; Ctrl+Space lists your quick texts.</source>
        <translation>En cualquier campo de texto de una nota, escriba la clave y un espacio para insertar la frase; Ctrl+Espacio muestra sus textos rápidos.</translation>
    </message>
    <message>
        <source>Choose whose quick texts these are (Coach, above).</source>
        <translation>Elija de quién son estos textos rápidos (Coach, arriba).</translation>
    </message>
    <message>
        <source>Quick text not saved</source>
        <translation>El texto rápido no se guardó</translation>
    </message>
    <message>
        <source>Delete quick text</source>
        <translation>Eliminar texto rápido</translation>
    </message>
    <message>
        <source>Delete the quick text {key}?</source>
        <translation>¿Eliminar el texto rápido {key}?</translation>
    </message>
</context>
<context>
    <name>QuickTextTyping</name>
    <message>
        <source>Quick texts</source>
        <translation>Textos rápidos</translation>
    </message>
    <message>
        <source>No quick texts yet: add them in Setup ▸ Templates</source>
        <translation>Todavía no hay textos rápidos: agréguelos en Configuración ▸ Plantillas</translation>
    </message>
</context>
<context>
    <name>RecordCheckDialog</name>
    <message>
        <source>Check the record</source>
        <translation>Verificar el registro</translation>
    </message>
    <message>
        <source>Checking every signed note&apos;s seal and the audit log&apos;s hash chain…</source>
        <translation>Verificando el sello de cada nota firmada y la cadena de hashes del registro de auditoría…</translation>
    </message>
    <message>
        <source>Check details</source>
        <translation>Detalles de la verificación</translation>
    </message>
    <message>
        <source>The record holds: nothing was changed behind the app&apos;s back.</source>
        <translation>El registro está íntegro: no se cambió nada a espaldas de la aplicación.</translation>
    </message>
    <message>
        <source>The record was changed behind the app&apos;s back. Each finding is listed below; packets for the clients concerned are refused until this is resolved.</source>
        <translation>El registro se cambió a espaldas de la aplicación. Cada hallazgo aparece abajo; los paquetes de los clientes afectados se rechazan hasta que esto se resuelva.</translation>
    </message>
    <message>
        <source>The check could not run: {__name__}. See the log.</source>
        <translation>No se pudo hacer la verificación: {__name__}. Consulte el registro de la aplicación.</translation>
    </message>
</context>
<context>
    <name>RecordListMixin</name>
    <message>
        <source>Discard the changes to this authorization?</source>
        <translation>¿Descartar los cambios en esta autorización?</translation>
    </message>
    <message>
        <source>Discard the changes to this client?</source>
        <translation>¿Descartar los cambios en este cliente?</translation>
    </message>
    <message>
        <source>Discard the changes to this payer?</source>
        <translation>¿Descartar los cambios en este pagador?</translation>
    </message>
    <message>
        <source>Discard the changes?</source>
        <translation>¿Descartar los cambios?</translation>
    </message>
    <message>
        <source>{__name__} must name its first field</source>
        <translation>{__name__} debe indicar su primer campo</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Cambios sin guardar</translation>
    </message>
    <message>
        <source>Discard the changes to this profile?</source>
        <translation>¿Descartar los cambios en este perfil?</translation>
    </message>
    <message>
        <source>Discard the changes to this template?</source>
        <translation>¿Descartar los cambios en esta plantilla?</translation>
    </message>
    <message>
        <source>Discard the changes to this quick text?</source>
        <translation>¿Descartar los cambios en este texto rápido?</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>A timer was still running</source>
        <translation>Un cronómetro seguía en curso</translation>
    </message>
    <message>
        <source>SessionLog has no record of when it stopped running.</source>
        <translation>SessionLog no tiene registro de cuándo dejó de funcionar.</translation>
    </message>
    <message>
        <source>SessionLog closed while a timer was running</source>
        <translation>SessionLog se cerró mientras un cronómetro estaba en curso</translation>
    </message>
    <message>
        <source>Session with {who}, started {0}.
{gap_note}

Were you still with the client all that time?</source>
        <translation>Sesión con {who}, iniciada {0}.
{gap_note}

¿Estuvo con el cliente todo ese tiempo?</translation>
    </message>
    <message>
        <source>&amp;Stop it at {0} — the last moment SessionLog was running</source>
        <translation>&amp;Detenerlo a las {0} — el último momento en que SessionLog estaba funcionando</translation>
    </message>
    <message>
        <source>&amp;Keep it running — I was still working ({0} counts)</source>
        <translation>&amp;Dejarlo en curso — seguí trabajando (cuentan {0})</translation>
    </message>
    <message>
        <source>Either way you can correct the note afterwards; nothing is signed yet.</source>
        <translation>En cualquier caso puede corregir la nota después; todavía no hay nada firmado.</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyDialog</name>
    <message>
        <source>Recovery key — {APPLICATION_NAME}</source>
        <translation>Clave de recuperación — {APPLICATION_NAME}</translation>
    </message>
    <message>
        <source>This recovery key opens the database if the passphrase is forgotten. It is shown only now: print it or save it somewhere safe, away from this laptop (whoever has it can read the records). It changes when the passphrase changes.</source>
        <translation>Esta clave de recuperación abre la base de datos si se olvida la frase de contraseña. Solo se muestra ahora: imprímala o guárdela en un lugar seguro, lejos de esta laptop (quien la tenga puede leer los registros). Cambia cuando cambia la frase de contraseña.</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copiar</translation>
    </message>
    <message>
        <source>&amp;Save to a file…</source>
        <translation>&amp;Guardar en un archivo…</translation>
    </message>
    <message>
        <source>I have &amp;kept it</source>
        <translation>Ya la &amp;guardé</translation>
    </message>
    <message>
        <source>Save the recovery key</source>
        <translation>Guardar la clave de recuperación</translation>
    </message>
    <message>
        <source>Text (*.txt)</source>
        <translation>Texto (*.txt)</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore a backup</source>
        <translation>Restaurar una copia de seguridad</translation>
    </message>
    <message>
        <source>Restoring replaces everything in this database with the backup. The current file is backed up first, so a restore can itself be undone.</source>
        <translation>Restaurar reemplaza todo lo de esta base de datos con la copia de seguridad. Primero se hace una copia del archivo actual, así que la restauración también se puede deshacer.</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Copias de seguridad</translation>
    </message>
    <message>
        <source>Reading the backups…</source>
        <translation>Leyendo las copias de seguridad…</translation>
    </message>
    <message>
        <source>&amp;Restore the selected backup</source>
        <translation>&amp;Restaurar la copia seleccionada</translation>
    </message>
    <message>
        <source>Restore from a &amp;file…</source>
        <translation>Restaurar desde un &amp;archivo…</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>dañada</translation>
    </message>
    <message numerus="yes">
        <source>%n backup(s) in {0}</source>
        <translation>
            <numerusform>%n copia de seguridad en {0}</numerusform>
            <numerusform>%n copias de seguridad en {0}</numerusform>
        </translation>
    </message>
    <message>
        <source>No backups in the data folder yet. Use “Restore from a file…” for a backup you saved elsewhere (for example one copied from another laptop).</source>
        <translation>Todavía no hay copias de seguridad en la carpeta de datos. Use “Restaurar desde un archivo…” para una copia que guardó en otro lugar (por ejemplo, una copiada de otra laptop).</translation>
    </message>
    <message>
        <source>Restore from a file</source>
        <translation>Restaurar desde un archivo</translation>
    </message>
    <message>
        <source>SessionLog backup (*.sqlite3 *.db);;All files (*)</source>
        <translation>Copia de seguridad de SessionLog (*.sqlite3 *.db);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Restore this backup?</source>
        <translation>¿Restaurar esta copia de seguridad?</translation>
    </message>
    <message>
        <source>Replace everything in this database with {name}{what}?

The current file is backed up first.</source>
        <translation>¿Reemplazar todo lo de esta base de datos con {name}{what}?

Primero se hace una copia del archivo actual.</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>Restaurando…</translation>
    </message>
    <message>
        <source>Protected backup</source>
        <translation>Copia de seguridad protegida</translation>
    </message>
    <message>
        <source>That passphrase does not open it. </source>
        <translation>Esa frase de contraseña no la abre. </translation>
    </message>
    <message>
        <source>{name} is protected with another passphrase (an older one?).
Type the passphrase or recovery key it was taken under:</source>
        <translation>{name} está protegida con otra frase de contraseña (¿una anterior?).
Escriba la frase de contraseña o la clave de recuperación con la que se hizo:</translation>
    </message>
    <message>
        <source>Restored: {0}.</source>
        <translation>Restaurado: {0}.</translation>
    </message>
</context>
<context>
    <name>RosterImportDialog</name>
    <message>
        <source>Row</source>
        <translation>Fila</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Import a client roster (CSV)</source>
        <translation>Importar una lista de clientes (CSV)</translation>
    </message>
    <message>
        <source>No file chosen.</source>
        <translation>No se eligió ningún archivo.</translation>
    </message>
    <message>
        <source>&amp;Choose file…</source>
        <translation>&amp;Elegir archivo…</translation>
    </message>
    <message>
        <source>Choose a CSV file whose first row names the columns: </source>
        <translation>Elija un archivo CSV cuya primera fila nombre las columnas: </translation>
    </message>
    <message>
        <source> (see docs/roster.md).</source>
        <translation> (vea docs/roster.md).</translation>
    </message>
    <message>
        <source>Roster rows</source>
        <translation>Filas de la lista</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problemas</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importar</translation>
    </message>
    <message>
        <source>Choose a client roster</source>
        <translation>Elija una lista de clientes</translation>
    </message>
    <message>
        <source>File: {path}</source>
        <translation>Archivo: {path}</translation>
    </message>
    <message>
        <source>The file could not be read. Nothing has been written.</source>
        <translation>No se pudo leer el archivo. No se ha escrito nada.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) with problems</source>
        <translation>
            <numerusform>%n fila con problemas</numerusform>
            <numerusform>%n filas con problemas</numerusform>
        </translation>
    </message>
    <message>
        <source>problems</source>
        <translation>problemas</translation>
    </message>
    <message numerus="yes">
        <source>Ready to add %n client(s){already}. Nothing is written until you press Import, and then all of them or none.</source>
        <translation>
            <numerusform>Listo para agregar %n cliente{already}. No se escribe nada hasta que presione Importar, y entonces se agregan todos o ninguno.</numerusform>
            <numerusform>Listo para agregar %n clientes{already}. No se escribe nada hasta que presione Importar, y entonces se agregan todos o ninguno.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not ready: {rows} (listed below, with row number and column). Nothing has been written. Fix the file in your spreadsheet, save it as CSV, and choose it again.</source>
        <translation>No está listo: {rows} (se enumeran abajo, con número de fila y columna). No se ha escrito nada. Corrija el archivo en su hoja de cálculo, guárdelo como CSV y vuelva a elegirlo.</translation>
    </message>
    <message>
        <source>Every client in this file is already stored; nothing to add.</source>
        <translation>Todos los clientes de este archivo ya están guardados; no hay nada que agregar.</translation>
    </message>
    <message>
        <source>, {same} already stored</source>
        <translation>, {same} ya guardados</translation>
    </message>
    <message>
        <source>Problems ({0})</source>
        <translation>Problemas ({0})</translation>
    </message>
    <message>
        <source>Not imported; nothing has been written.</source>
        <translation>No se importó; no se ha escrito nada.</translation>
    </message>
    <message>
        <source>Not imported; nothing has been written. {exc}</source>
        <translation>No se importó; no se ha escrito nada. {exc}</translation>
    </message>
</context>
<context>
    <name>SecurityDialog</name>
    <message>
        <source>Security — {APPLICATION_NAME}</source>
        <translation>Seguridad — {APPLICATION_NAME}</translation>
    </message>
    <message>
        <source>Protected: the database and its backups are encrypted with your passphrase (SQLCipher, AES-256).</source>
        <translation>Protegida: la base de datos y sus copias de seguridad están cifradas con su frase de contraseña (SQLCipher, AES-256).</translation>
    </message>
    <message>
        <source>Not protected: anyone who gets this laptop&apos;s disk (or a copy of the database or its backups) can read the clients&apos; records.</source>
        <translation>Sin protección: cualquiera que obtenga el disco de esta laptop (o una copia de la base de datos o de sus copias de seguridad) puede leer los registros de los clientes.</translation>
    </message>
    <message>
        <source>Change the &amp;passphrase…</source>
        <translation>Cambiar la &amp;frase de contraseña…</translation>
    </message>
    <message>
        <source>&amp;Protect with a passphrase…</source>
        <translation>&amp;Proteger con una frase de contraseña…</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>Locks the app after this long without typing or clicking (File ▸ Lock, Ctrl+L, locks at once); the running timer keeps going.</source>
        <translation>Bloquea la aplicación después de este tiempo sin escribir ni hacer clic (Archivo ▸ Bloquear, Ctrl+L, bloquea de inmediato); el cronómetro en curso sigue corriendo.</translation>
    </message>
    <message>
        <source>Locking needs a passphrase: protect the database first.</source>
        <translation>Para bloquear se necesita una frase de contraseña: primero proteja la base de datos.</translation>
    </message>
    <message>
        <source>Lock when idle for:</source>
        <translation>Bloquear tras inactividad de:</translation>
    </message>
    <message>
        <source>Protect the database</source>
        <translation>Proteger la base de datos</translation>
    </message>
    <message>
        <source>The database and its backups will be encrypted with this passphrase. Without it (or the recovery key) nobody, including you and SessionLog&apos;s makers, can open them: keep it safe.</source>
        <translation>La base de datos y sus copias de seguridad se cifrarán con esta frase de contraseña. Sin ella (o sin la clave de recuperación) nadie, ni usted ni los creadores de SessionLog, puede abrirlas: guárdela en un lugar seguro.</translation>
    </message>
    <message>
        <source>Change the passphrase</source>
        <translation>Cambiar la frase de contraseña</translation>
    </message>
    <message>
        <source>The database and the backups in its folder will be re-encrypted with the new passphrase; the old passphrase and the old recovery key will no longer open them.</source>
        <translation>La base de datos y las copias de seguridad de su carpeta se volverán a cifrar con la nueva frase de contraseña; la frase anterior y la clave de recuperación anterior ya no las abrirán.</translation>
    </message>
</context>
<context>
    <name>SessionTable</name>
    <message>
        <source>Date of service</source>
        <translation>Fecha de servicio</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Sign by</source>
        <translation>Firmar antes del</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Minutos</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Unidades</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation>Firmada por</translation>
    </message>
    <message>
        <source>Late entry</source>
        <translation>Registro tardío</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Borrador</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Firmada</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Anulada</translation>
    </message>
</context>
<context>
    <name>SessionsModel</name>
    <message>
        <source>no times yet</source>
        <translation>todavía sin horas</translation>
    </message>
    <message>
        <source>Late entry</source>
        <translation>Registro tardío</translation>
    </message>
    <message>
        <source>Working out the units…</source>
        <translation>Calculando las unidades…</translation>
    </message>
    <message>
        <source>The timer is still running: units are worked out when it stops.</source>
        <translation>El cronómetro sigue en curso: las unidades se calculan cuando se detiene.</translation>
    </message>
    <message>
        <source>No billing line: the session has no recorded times.</source>
        <translation>Sin línea de facturación: la sesión no tiene horas registradas.</translation>
    </message>
    <message>
        <source>Signed after the documentation deadline: marked as a late entry.</source>
        <translation>Firmada después del plazo de documentación: marcada como registro tardío.</translation>
    </message>
    <message>
        <source>Missing before it can be signed:
</source>
        <translation>Falta para poder firmarla:
</translation>
    </message>
</context>
<context>
    <name>SetupActions</name>
    <message>
        <source>&amp;Clients…</source>
        <translation>&amp;Clientes…</translation>
    </message>
    <message>
        <source>&amp;Treatment plans…</source>
        <translation>&amp;Planes de tratamiento…</translation>
    </message>
    <message>
        <source>&amp;Authorizations…</source>
        <translation>&amp;Autorizaciones…</translation>
    </message>
    <message>
        <source>&amp;Payers…</source>
        <translation>Pa&amp;gadores…</translation>
    </message>
    <message>
        <source>&amp;My staff profile…</source>
        <translation>&amp;Mi perfil de personal…</translation>
    </message>
    <message>
        <source>A&amp;gency (who bills)…</source>
        <translation>Age&amp;ncia (quien factura)…</translation>
    </message>
    <message>
        <source>Note t&amp;emplates and quick texts…</source>
        <translation>Plan&amp;tillas de notas y textos rápidos…</translation>
    </message>
    <message>
        <source>Agency &amp;days off…</source>
        <translation>&amp;Días no laborables de la agencia…</translation>
    </message>
    <message>
        <source>&amp;Language…</source>
        <translation>&amp;Idioma…</translation>
    </message>
    <message>
        <source>&amp;Import SessionLog file…</source>
        <translation>&amp;Importar archivo de SessionLog…</translation>
    </message>
    <message>
        <source>Import client &amp;roster (CSV)…</source>
        <translation>Importar &amp;lista de clientes (CSV)…</translation>
    </message>
    <message>
        <source>&amp;Export SessionLog file…</source>
        <translation>&amp;Exportar archivo de SessionLog…</translation>
    </message>
    <message>
        <source>Export client roster (CS&amp;V)…</source>
        <translation>Exportar lista de clientes (CS&amp;V)…</translation>
    </message>
</context>
<context>
    <name>SetupGuide</name>
    <message>
        <source>◀ Back</source>
        <translation>◀ Atrás</translation>
    </message>
    <message>
        <source>Skip this step</source>
        <translation>Omitir este paso</translation>
    </message>
    <message>
        <source>Save and next ▶</source>
        <translation>Guardar y seguir ▶</translation>
    </message>
    <message>
        <source>Step {0} of {1} · {title}</source>
        <translation>Paso {0} de {1} · {title}</translation>
    </message>
    <message>
        <source>{text} Fill it in and choose Save and next, or skip it for now.</source>
        <translation>{text} Complételo y elija Guardar y seguir, u omítalo por ahora.</translation>
    </message>
    <message>
        <source>Skip and finish</source>
        <translation>Omitir y terminar</translation>
    </message>
    <message>
        <source>Save and finish</source>
        <translation>Guardar y terminar</translation>
    </message>
</context>
<context>
    <name>SetupWindow</name>
    <message>
        <source>Caseload setup</source>
        <translation>Configuración de la carga de casos</translation>
    </message>
    <message>
        <source>Agency</source>
        <translation>Agencia</translation>
    </message>
    <message>
        <source>Payers</source>
        <translation>Pagadores</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clientes</translation>
    </message>
    <message>
        <source>Treatment plans</source>
        <translation>Planes de tratamiento</translation>
    </message>
    <message>
        <source>Authorizations</source>
        <translation>Autorizaciones</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>Plantillas</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <source>Sign and lock the note</source>
        <translation>Firmar y bloquear la nota</translation>
    </message>
    <message>
        <source>After signing, the note is locked: corrections are added as dated, signed addenda and the original stays as it is.</source>
        <translation>Después de firmar, la nota queda bloqueada: las correcciones se agregan como anexos fechados y firmados, y el original se conserva tal cual.</translation>
    </message>
    <message>
        <source>&amp;Sign and lock</source>
        <translation>&amp;Firmar y bloquear</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Still signing: another program is writing to the database. The note is signed as soon as it is done; you can close this window.</source>
        <translation>Todavía firmando: otro programa está escribiendo en la base de datos. La nota se firma en cuanto termine; puede cerrar esta ventana.</translation>
    </message>
</context>
<context>
    <name>SignaturePanel</name>
    <message>
        <source>Warnings</source>
        <translation>Avisos</translation>
    </message>
    <message>
        <source>Signed by {signer_name} on {when}. The note is locked.</source>
        <translation>Firmada por {signer_name} el {when}. La nota está bloqueada.</translation>
    </message>
    <message>
        <source>&lt;b&gt;This note cannot be signed yet.&lt;/b&gt; Still missing:&lt;ul&gt;{items}&lt;/ul&gt;</source>
        <translation>&lt;b&gt;Esta nota todavía no se puede firmar.&lt;/b&gt; Todavía falta:&lt;ul&gt;{items}&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>Choose who is using this laptop (Setup menu) before signing.</source>
        <translation>Elija quién usa esta laptop (menú Configuración) antes de firmar.</translation>
    </message>
    <message>
        <source>The signer is not on the staff list; choose who is using this laptop (Setup menu) before signing.</source>
        <translation>El firmante no está en la lista de personal; elija quién usa esta laptop (menú Configuración) antes de firmar.</translation>
    </message>
    <message>
        <source>no credential</source>
        <translation>sin credencial</translation>
    </message>
    <message>
        <source>Signing as &lt;b&gt;{who}&lt;/b&gt;, {credential}</source>
        <translation>Firmando como &lt;b&gt;{who}&lt;/b&gt;, {credential}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Check before signing:&lt;/b&gt;&lt;ul&gt;{items}&lt;/ul&gt;</source>
        <translation>&lt;b&gt;Revise antes de firmar:&lt;/b&gt;&lt;ul&gt;{items}&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>Late entry: the documentation deadline has passed</source>
        <translation>Registro tardío: ya pasó el plazo de documentación</translation>
    </message>
    <message>
        <source> (it was {0})</source>
        <translation> (era el {0})</translation>
    </message>
    <message>
        <source>. The signature will be marked as a late entry.</source>
        <translation>. La firma se marcará como registro tardío.</translation>
    </message>
    <message>
        <source>Signing…</source>
        <translation>Firmando…</translation>
    </message>
    <message numerus="yes">
        <source>Once signed: &lt;b&gt;%n billable unit(s)&lt;/b&gt; of {code_with_modifiers} ({minutes} min on the line, {units} before limits).</source>
        <translation>
            <numerusform>Una vez firmada: &lt;b&gt;%n unidad facturable&lt;/b&gt; de {code_with_modifiers} ({minutes} min en la línea, {units} antes de los límites).</numerusform>
            <numerusform>Una vez firmada: &lt;b&gt;%n unidades facturables&lt;/b&gt; de {code_with_modifiers} ({minutes} min en la línea, {units} antes de los límites).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unit(s)</source>
        <translation>
            <numerusform>%n unidad</numerusform>
            <numerusform>%n unidades</numerusform>
        </translation>
    </message>
    <message>
        <source>Not signed: </source>
        <translation>No se firmó: </translation>
    </message>
    <message>
        <source>Not signed: {exc}</source>
        <translation>No se firmó: {exc}</translation>
    </message>
</context>
<context>
    <name>StaffEditor</name>
    <message>
        <source>&amp;Use this profile on this laptop</source>
        <translation>&amp;Usar este perfil en esta laptop</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <source>Ne&amp;w staff member</source>
        <translation>Nuevo miem&amp;bro del personal</translation>
    </message>
    <message>
        <source>e.g. Job Coach (CESP), Skills Trainer, BA</source>
        <translation>p. ej., Job Coach (CESP), Entrenador de habilidades, BA</translation>
    </message>
    <message>
        <source>None (the payer sets no credential modifier)</source>
        <translation>Ninguno (el pagador no exige modificador de credencial)</translation>
    </message>
    <message>
        <source>10 digits (rendering provider on claims)</source>
        <translation>10 dígitos (proveedor que presta el servicio en los reclamos)</translation>
    </message>
    <message>
        <source>&amp;Save profile</source>
        <translation>&amp;Guardar perfil</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>Re&amp;vertir</translation>
    </message>
    <message>
        <source>Who is using this laptop</source>
        <translation>Quién usa esta laptop</translation>
    </message>
    <message>
        <source>I am</source>
        <translation>Soy</translation>
    </message>
    <message>
        <source>Sessions you time and notes you sign here are recorded under this profile, and the audit log names it.</source>
        <translation>Las sesiones que cronometra y las notas que firma aquí se registran con este perfil, y el registro de auditoría lo nombra.</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nombre</translation>
    </message>
    <message>
        <source>&amp;Credential</source>
        <translation>&amp;Credencial</translation>
    </message>
    <message>
        <source>Printed with the signature on every note.</source>
        <translation>Se imprime con la firma en cada nota.</translation>
    </message>
    <message>
        <source>&amp;Modifier</source>
        <translation>&amp;Modificador</translation>
    </message>
    <message>
        <source>Added to claim lines when the payer asks for credential modifiers.</source>
        <translation>Se agrega a las líneas de reclamo cuando el pagador pide modificadores de credencial.</translation>
    </message>
    <message>
        <source>N&amp;PI</source>
        <translation>N&amp;PI</translation>
    </message>
    <message>
        <source>Supervis&amp;or</source>
        <translation>Supervis&amp;or</translation>
    </message>
    <message>
        <source>Named as supervising provider on this person&apos;s claims; may co-sign notes.</source>
        <translation>Figura como proveedor supervisor en los reclamos de esta persona; puede cofirmar notas.</translation>
    </message>
    <message>
        <source>&amp;Attestation</source>
        <translation>&amp;Declaración</translation>
    </message>
    <message>
        <source>The statement a signature attests to; shown when signing.</source>
        <translation>La declaración que avala la firma; se muestra al firmar.</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Perfil</translation>
    </message>
    <message>
        <source>This laptop is used by {name}.</source>
        <translation>Esta laptop la usa {name}.</translation>
    </message>
    <message>
        <source>Nobody is chosen yet: pick your name.</source>
        <translation>Todavía no se eligió a nadie: elija su nombre.</translation>
    </message>
    <message>
        <source>No staff profiles yet: add yours below; it becomes this laptop&apos;s user.</source>
        <translation>Todavía no hay perfiles de personal: agregue el suyo abajo; será el usuario de esta laptop.</translation>
    </message>
    <message>
        <source>(choose your name)</source>
        <translation>(elija su nombre)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Ninguno</translation>
    </message>
    <message>
        <source>Profile not saved</source>
        <translation>El perfil no se guardó</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
</context>
<context>
    <name>TemplateList</name>
    <message>
        <source>Ne&amp;w template</source>
        <translation>N&amp;ueva plantilla</translation>
    </message>
    <message>
        <source>What you usually do, e.g. modeled [task]…</source>
        <translation>Lo que suele hacer, p. ej., modeló [tarea]…</translation>
    </message>
    <message>
        <source>e.g. [What the client did] with [number] prompts.</source>
        <translation>p. ej., [Lo que hizo el cliente] con [número] indicaciones.</translation>
    </message>
    <message>
        <source>e.g. Next session: [what to practice].</source>
        <translation>p. ej., Próxima sesión: [qué practicar].</translation>
    </message>
    <message>
        <source>Fill with an e&amp;xample</source>
        <translation>Llenar con un e&amp;jemplo</translation>
    </message>
    <message>
        <source>Puts an example for this code in the empty fields: edit it into your own words.</source>
        <translation>Pone un ejemplo para este código en los campos vacíos: redáctelo con sus propias palabras.</translation>
    </message>
    <message>
        <source>Sa&amp;ve template</source>
        <translation>Guardar plan&amp;tilla</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Eliminar</translation>
    </message>
    <message>
        <source>Service c&amp;ode</source>
        <translation>Código &amp;de servicio</translation>
    </message>
    <message>
        <source>&amp;Intervention</source>
        <translation>&amp;Intervención</translation>
    </message>
    <message>
        <source>Client r&amp;esponse</source>
        <translation>Res&amp;puesta del cliente</translation>
    </message>
    <message>
        <source>Pla&amp;n</source>
        <translation>Pla&amp;n</translation>
    </message>
    <message>
        <source>Words in [square brackets] are placeholders: a note still containing one cannot be signed, so each must be replaced with what happened.</source>
        <translation>Las palabras entre [corchetes] son marcadores: una nota que todavía tenga uno no se puede firmar, así que cada uno debe reemplazarse con lo que pasó.</translation>
    </message>
    <message>
        <source>Choose whose templates these are (Coach, above).</source>
        <translation>Elija de quién son estas plantillas (Coach, arriba).</translation>
    </message>
    <message>
        <source>Template not saved</source>
        <translation>La plantilla no se guardó</translation>
    </message>
    <message>
        <source>Delete template</source>
        <translation>Eliminar plantilla</translation>
    </message>
    <message>
        <source>Delete your template for {code}?</source>
        <translation>¿Eliminar su plantilla para {code}?</translation>
    </message>
</context>
<context>
    <name>TemplatesEditor</name>
    <message>
        <source>Coac&amp;h</source>
        <translation>Coac&amp;h</translation>
    </message>
    <message>
        <source>Templates and quick texts are each coach&apos;s own; the note form uses yours.</source>
        <translation>Las plantillas y los textos rápidos son propios de cada coach; el formulario de notas usa los suyos.</translation>
    </message>
    <message>
        <source>Note templates (one per service code)</source>
        <translation>Plantillas de notas (una por código de servicio)</translation>
    </message>
    <message>
        <source>Quick texts</source>
        <translation>Textos rápidos</translation>
    </message>
</context>
<context>
    <name>TimerPanel</name>
    <message>
        <source>&amp;Start timer</source>
        <translation>&amp;Iniciar cronómetro</translation>
    </message>
    <message>
        <source>&amp;Pause / resume</source>
        <translation>&amp;Pausar / reanudar</translation>
    </message>
    <message>
        <source>S&amp;top timer</source>
        <translation>De&amp;tener cronómetro</translation>
    </message>
    <message>
        <source>Start &amp;group…</source>
        <translation>Iniciar &amp;grupo…</translation>
    </message>
    <message>
        <source>Enter &amp;untimed session…</source>
        <translation>Registrar sesión &amp;no cronometrada…</translation>
    </message>
    <message>
        <source>Timer</source>
        <translation>Cronómetro</translation>
    </message>
    <message>
        <source>Elapsed time</source>
        <translation>Tiempo transcurrido</translation>
    </message>
    <message>
        <source>▶  Start</source>
        <translation>▶  Iniciar</translation>
    </message>
    <message>
        <source>❚❚  Pause</source>
        <translation>❚❚  Pausar</translation>
    </message>
    <message>
        <source>■  Stop</source>
        <translation>■  Detener</translation>
    </message>
    <message>
        <source>Enter untimed session…</source>
        <translation>Registrar sesión no cronometrada…</translation>
    </message>
    <message>
        <source>Enter untimed session (Ctrl+Shift+M)</source>
        <translation>Registrar sesión no cronometrada (Ctrl+Shift+M)</translation>
    </message>
    <message>
        <source>Group attendees</source>
        <translation>Participantes del grupo</translation>
    </message>
    <message>
        <source>Mark a&amp;bsent (remove)</source>
        <translation>&amp;Marcar ausente (quitar)</translation>
    </message>
    <message>
        <source>Left early (stop for them)</source>
        <translation>Se fue antes (detener para esa persona)</translation>
    </message>
    <message>
        <source>Add late arrival…</source>
        <translation>Agregar llegada tardía…</translation>
    </message>
    <message>
        <source>Attendees — pick one to write their part of the note:</source>
        <translation>Participantes — elija uno para escribir su parte de la nota:</translation>
    </message>
    <message>
        <source>SessionLog</source>
        <translation>SessionLog</translation>
    </message>
    <message>
        <source>Choose who is using this laptop first (Setup ▸ Who is using this laptop).</source>
        <translation>Primero elija quién usa esta laptop (Configuración ▸ Quién usa esta laptop).</translation>
    </message>
    <message>
        <source>Pick a client and a service in the caseload first.</source>
        <translation>Primero elija un cliente y un servicio en la carga de casos.</translation>
    </message>
    <message>
        <source>The timer could not start.</source>
        <translation>No se pudo iniciar el cronómetro.</translation>
    </message>
    <message>
        <source>The group timer could not start.</source>
        <translation>No se pudo iniciar el cronómetro grupal.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <source>The timer could not change.</source>
        <translation>No se pudo cambiar el cronómetro.</translation>
    </message>
    <message>
        <source>Pausing…</source>
        <translation>Pausando…</translation>
    </message>
    <message>
        <source>Resuming…</source>
        <translation>Reanudando…</translation>
    </message>
    <message>
        <source>The timer could not stop.</source>
        <translation>No se pudo detener el cronómetro.</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Deteniendo…</translation>
    </message>
    <message>
        <source>Mark absent</source>
        <translation>Marcar ausente</translation>
    </message>
    <message>
        <source>Something is already written for {name}. An absent client gets no note: remove them from this group and discard what was written for them?</source>
        <translation>Ya hay algo escrito para {name}. Un cliente ausente no recibe nota: ¿quitarlo de este grupo y descartar lo que se escribió para esa persona?</translation>
    </message>
    <message>
        <source>The attendee&apos;s time could not stop.</source>
        <translation>No se pudo detener el tiempo del participante.</translation>
    </message>
    <message>
        <source>Everyone on today&apos;s caseload is here.</source>
        <translation>Todos los de la carga de casos de hoy ya están aquí.</translation>
    </message>
    <message>
        <source>Late arrival</source>
        <translation>Llegada tardía</translation>
    </message>
    <message>
        <source>Who joined the group?</source>
        <translation>¿Quién se unió al grupo?</translation>
    </message>
    <message>
        <source>The late arrival could not be added.</source>
        <translation>No se pudo agregar la llegada tardía.</translation>
    </message>
    <message>
        <source>The attendee could not be removed.</source>
        <translation>No se pudo quitar al participante.</translation>
    </message>
    <message>
        <source>The timer could not be corrected.</source>
        <translation>No se pudo corregir el cronómetro.</translation>
    </message>
    <message>
        <source>(unknown client)</source>
        <translation>(cliente desconocido)</translation>
    </message>
    <message>
        <source>Group of {0} · {service}</source>
        <translation>Grupo de {0} · {service}</translation>
    </message>
    <message>
        <source>Group of {0}</source>
        <translation>Grupo de {0}</translation>
    </message>
    <message>
        <source>❚❚ Paused</source>
        <translation>❚❚ En pausa</translation>
    </message>
    <message>
        <source>Recorded by the last Stop</source>
        <translation>Registrado por el último Detener</translation>
    </message>
    <message>
        <source>● Running</source>
        <translation>● En curso</translation>
    </message>
    <message>
        <source>Ready to time: {name} · {ready_code}</source>
        <translation>Listo para cronometrar: {name} · {ready_code}</translation>
    </message>
    <message>
        <source>Pick a client and a service in the caseload to time.</source>
        <translation>Elija un cliente y un servicio en la carga de casos para cronometrar.</translation>
    </message>
    <message>
        <source>▶  Resume</source>
        <translation>▶  Reanudar</translation>
    </message>
    <message>
        <source>more than 12 hours</source>
        <translation>más de 12 horas</translation>
    </message>
    <message>
        <source>more than this service&apos;s daily maximum ({0})</source>
        <translation>más que el máximo diario de este servicio ({0})</translation>
    </message>
    <message>
        <source>Count the whole gap?</source>
        <translation>¿Contar todo el intervalo?</translation>
    </message>
    <message>
        <source>Keeping the timer running counts {words} that SessionLog did not see, {why}.

Were you really with the client all that time?</source>
        <translation>Dejar el cronómetro en curso cuenta {words} que SessionLog no vio, {why}.

¿De verdad estuvo con el cliente todo ese tiempo?</translation>
    </message>
    <message>
        <source>The interrupted session could not be recovered.</source>
        <translation>No se pudo recuperar la sesión interrumpida.</translation>
    </message>
</context>
<context>
    <name>TimezoneCombo</name>
    <message>
        <source>Type a city, e.g. Chicago</source>
        <translation>Escriba una ciudad, p. ej., Chicago</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>Caseload</source>
        <translation>Carga de casos</translation>
    </message>
    <message>
        <source>&amp;Clients with a plan active today</source>
        <translation>&amp;Clientes con un plan vigente hoy</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Servicios</translation>
    </message>
    <message>
        <source>Serv&amp;ices</source>
        <translation>Serv&amp;icios</translation>
    </message>
    <message>
        <source>Sho&amp;w all services</source>
        <translation>M&amp;ostrar todos los servicios</translation>
    </message>
    <message>
        <source>Also list the services no authorization covers today (not billable until one is on file)</source>
        <translation>Mostrar también los servicios que ninguna autorización cubre hoy (no facturables hasta que haya una registrada)</translation>
    </message>
    <message>
        <source>Load the &amp;demo caseload</source>
        <translation>Cargar la carga de casos de &amp;demostración</translation>
    </message>
    <message>
        <source>Today&apos;s sessions</source>
        <translation>Sesiones de hoy</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Unidades</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Today&apos;s sessio&amp;ns</source>
        <translation>Sesio&amp;nes de hoy</translation>
    </message>
    <message>
        <source>Notes to finish</source>
        <translation>Notas por terminar</translation>
    </message>
    <message>
        <source>Caseload · {day}</source>
        <translation>Carga de casos · {day}</translation>
    </message>
    <message>
        <source>{code} {description}
    {left} · authorization {authorization_number} · until {ends}</source>
        <translation>{code} {description}
    {left} · autorización {authorization_number} · hasta el {ends}</translation>
    </message>
    <message numerus="yes">
        <source>%n note(s) to finish{extra}</source>
        <translation>
            <numerusform>%n nota por terminar{extra}</numerusform>
            <numerusform>%n notas por terminar{extra}</numerusform>
        </translation>
    </message>
    <message>
        <source>No clients yet. Import a caseload file (File ▸ Import…), add a client (Setup ▸ Clients), or try SessionLog with an invented demo caseload.</source>
        <translation>Todavía no hay clientes. Importe un archivo de carga de casos (Archivo ▸ Importar…), agregue un cliente (Configuración ▸ Clientes) o pruebe SessionLog con una carga de casos de demostración inventada.</translation>
    </message>
    <message>
        <source>None of your {0} clients has a treatment plan covering today. Add or extend a plan (Setup ▸ Plans) to time sessions against it.</source>
        <translation>Ninguno de sus {0} clientes tiene un plan de tratamiento vigente hoy. Agregue o extienda un plan (Configuración ▸ Planes) para cronometrar sesiones con él.</translation>
    </message>
    <message>
        <source>Serv&amp;ices — pick a client first</source>
        <translation>Serv&amp;icios — primero elija un cliente</translation>
    </message>
    <message>
        <source>Serv&amp;ices for {name}</source>
        <translation>Serv&amp;icios para {name}</translation>
    </message>
    <message>
        <source>No authorization covers today: tick “Show all services” to time one anyway (not billable until one is on file).</source>
        <translation>Ninguna autorización cubre hoy: marque “Mostrar todos los servicios” para cronometrar uno de todos modos (no facturable hasta que haya una registrada).</translation>
    </message>
    <message>
        <source>No authorization covers today for:</source>
        <translation>Ninguna autorización cubre hoy para:</translation>
    </message>
    <message>
        <source>No authorization covers today. Any session would not be billable until one is on file:</source>
        <translation>Ninguna autorización cubre hoy. Una sesión no sería facturable hasta que haya una registrada:</translation>
    </message>
    <message>
        <source>{code} {description} — not authorized</source>
        <translation>{code} {description} — no autorizado</translation>
    </message>
    <message>
        <source>{granted} units granted (counting what is left…)</source>
        <translation>{granted} unidades otorgadas (contando las que quedan…)</translation>
    </message>
    <message>
        <source>{remaining} of {granted} units left</source>
        <translation>Quedan {remaining} de {granted} unidades</translation>
    </message>
    <message>
        <source> (group of {group_size})</source>
        <translation> (grupo de {group_size})</translation>
    </message>
    <message>
        <source> ({earlier} from earlier days)</source>
        <translation> ({earlier} de días anteriores)</translation>
    </message>
    <message>
        <source>All notes finished</source>
        <translation>Todas las notas terminadas</translation>
    </message>
    <message>
        <source>● Running</source>
        <translation>● En curso</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Firmada</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>En pausa</translation>
    </message>
    <message>
        <source>Draft — {missing} to fill in</source>
        <translation>Borrador — falta {missing}</translation>
    </message>
    <message>
        <source>Ready to sign</source>
        <translation>Lista para firmar</translation>
    </message>
    <message>
        <source>The demo caseload could not be loaded: {exc}</source>
        <translation>No se pudo cargar la carga de casos de demostración: {exc}</translation>
    </message>
</context>
<context>
    <name>UnitsCell</name>
    <message>
        <source> ({billable} billable)</source>
        <translation> ({billable} facturables)</translation>
    </message>
    <message>
        <source> · day</source>
        <translation> · día</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Unlock — {APPLICATION_NAME}</source>
        <translation>Desbloquear — {APPLICATION_NAME}</translation>
    </message>
    <message>
        <source>This SessionLog database is protected</source>
        <translation>Esta base de datos de SessionLog está protegida</translation>
    </message>
    <message>
        <source>Type its passphrase, or the recovery key, to open it.</source>
        <translation>Escriba su frase de contraseña, o la clave de recuperación, para abrirla.</translation>
    </message>
    <message>
        <source>Passphrase or recovery key</source>
        <translation>Frase de contraseña o clave de recuperación</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Desbloquear</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>Type the passphrase first.</source>
        <translation>Primero escriba la frase de contraseña.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Verificando…</translation>
    </message>
    <message>
        <source>It could not be opened.</source>
        <translation>No se pudo abrir.</translation>
    </message>
</context>
<context>
    <name>VoidDraftDialog</name>
    <message>
        <source>Discard this draft</source>
        <translation>Descartar este borrador</translation>
    </message>
    <message>
        <source>e.g. timer started on the wrong client</source>
        <translation>p. ej., el cronómetro se inició con el cliente equivocado</translation>
    </message>
    <message>
        <source>Why this draft is discarded</source>
        <translation>Por qué se descarta este borrador</translation>
    </message>
    <message>
        <source>The draft is kept, marked voided with your reason, and counts for nothing: no units, not in End of day, shown in History only with the Voided filter.</source>
        <translation>El borrador se conserva, marcado como anulado con su motivo, y no cuenta para nada: sin unidades, no aparece en Fin del día y en Historial solo se muestra con el filtro Anuladas.</translation>
    </message>
    <message>
        <source>&amp;Discard draft</source>
        <translation>&amp;Descartar borrador</translation>
    </message>
</context>
<context>
    <name>WindowCover</name>
    <message>
        <source>{APPLICATION_NAME} is locked.
Unlock it in the main window.</source>
        <translation>{APPLICATION_NAME} está bloqueado.
Desbloquéelo en la ventana principal.</translation>
    </message>
</context>
<context>
    <name>_CoachRecords</name>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>SessionLog is already open on {db_path}; its window was brought to the front.</source>
        <translation>SessionLog ya está abierto en {db_path}; su ventana se trajo al frente.</translation>
    </message>
    <message>
        <source>error: {db_path} is being written by another SessionLog process{0}; try again when it has finished.</source>
        <translation>error: otro proceso de SessionLog está escribiendo en {db_path}{0}; vuelva a intentarlo cuando haya terminado.</translation>
    </message>
    <message>
        <source>Nothing was changed: {problem}</source>
        <translation>No se cambió nada: {problem}</translation>
    </message>
    <message>
        <source>The database is protected.</source>
        <translation>La base de datos está protegida.</translation>
    </message>
    <message>
        <source>Checking your records before opening them…
This runs at the first start of the day and can take a few seconds.</source>
        <translation>Revisando sus registros antes de abrirlos…
Esto se hace al primer inicio del día y puede tardar unos segundos.</translation>
    </message>
    <message>
        <source>{error}

No good backup was found in {0}. Nothing was changed; keep the file for a specialist to look at.</source>
        <translation>{error}

No se encontró ninguna copia de seguridad en buen estado en {0}. No se cambió nada; conserve el archivo para que lo revise un especialista.</translation>
    </message>
    <message>
        <source>{error}

Restore the newest good backup, taken {taken_at} ({contents})?

The damaged file is kept aside beside it, not deleted.</source>
        <translation>{error}

¿Restaurar la copia de seguridad en buen estado más reciente, hecha el {taken_at} ({contents})?

El archivo dañado se guarda aparte, a su lado; no se elimina.</translation>
    </message>
    <message>
        <source>The restore failed: {exc}</source>
        <translation>La restauración falló: {exc}</translation>
    </message>
    <message>
        <source>Backup restored. The damaged file was kept as {name}.</source>
        <translation>Copia de seguridad restaurada. El archivo dañado se guardó como {name}.</translation>
    </message>
</context>
<context>
    <name>backups</name>
    <message>
        <source>{clients}, {sessions}, {signed_notes}</source>
        <translation>{clients}, {sessions}, {signed_notes}</translation>
    </message>
    <message>
        <source>The backup failed ({__name__}); nothing was changed.</source>
        <translation>La copia de seguridad falló ({__name__}); no se cambió nada.</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Hacer una copia de seguridad ahora</translation>
    </message>
    <message>
        <source>SessionLog backup (*.sqlite3)</source>
        <translation>Copia de seguridad de SessionLog (*.sqlite3)</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>Haciendo la copia de seguridad…</translation>
    </message>
    <message>
        <source>Backed up to {target}: {0}.</source>
        <translation>Copia de seguridad guardada en {target}: {0}.</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <source>Something went wrong. Your work is saved. Details are in the log: {0}</source>
        <translation>Algo salió mal. Su trabajo está guardado. Los detalles están en el registro: {0}</translation>
    </message>
</context>
<context>
    <name>guide</name>
    <message>
        <source>Your agency</source>
        <translation>Su agencia</translation>
    </message>
    <message>
        <source>The agency that bills: its name, NPI and address go on every packet and claim.</source>
        <translation>La agencia que factura: su nombre, NPI y dirección aparecen en cada paquete y reclamo.</translation>
    </message>
    <message>
        <source>The payer</source>
        <translation>El pagador</translation>
    </message>
    <message>
        <source>Who pays for the services (your state&apos;s Medicaid program, say) and its rules: unit rounding, daily caps, the documentation deadline.</source>
        <translation>Quién paga los servicios (por ejemplo, el programa de Medicaid de su estado) y sus reglas: redondeo de unidades, topes diarios, plazo de documentación.</translation>
    </message>
    <message>
        <source>Who you are</source>
        <translation>Quién es usted</translation>
    </message>
    <message>
        <source>Your name and credential go on every note you sign. The first profile saved is the one using this laptop.</source>
        <translation>Su nombre y credencial aparecen en cada nota que firma. El primer perfil guardado es el que usa esta laptop.</translation>
    </message>
    <message>
        <source>Your first client</source>
        <translation>Su primer cliente</translation>
    </message>
    <message>
        <source>Name, Medicaid ID and payer; the time zone is this computer&apos;s unless you change it.</source>
        <translation>Nombre, ID de Medicaid y pagador; la zona horaria es la de esta computadora, a menos que la cambie.</translation>
    </message>
    <message>
        <source>Their treatment plan</source>
        <translation>Su plan de tratamiento</translation>
    </message>
    <message>
        <source>Goals and objectives: each note ticks the objectives the session worked on.</source>
        <translation>Metas y objetivos: cada nota marca los objetivos que se trabajaron en la sesión.</translation>
    </message>
    <message>
        <source>Their authorization</source>
        <translation>Su autorización</translation>
    </message>
    <message>
        <source>Units granted for a service between two dates: Today shows the units left and warns before they run out.</source>
        <translation>Unidades otorgadas para un servicio entre dos fechas: Hoy muestra las unidades que quedan y avisa antes de que se agoten.</translation>
    </message>
</context>
<context>
    <name>import_dialog</name>
    <message>
        <source>SessionLog files (*.json);;All files (*)</source>
        <translation>Archivos de SessionLog (*.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Import a SessionLog file</source>
        <translation>Importar un archivo de SessionLog</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Importado</translation>
    </message>
    <message>
        <source>Imported: {0}.</source>
        <translation>Importado: {0}.</translation>
    </message>
    <message>
        <source>Export a SessionLog file</source>
        <translation>Exportar un archivo de SessionLog</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>Exportado</translation>
    </message>
    <message>
        <source>Saved {name} ({sessions} sessions). Only your user account can read it; it holds client information, so keep it on an encrypted drive.</source>
        <translation>Se guardó {name} ({sessions} sesiones). Solo su cuenta de usuario puede leerlo; contiene información de clientes, así que guárdelo en una unidad cifrada.</translation>
    </message>
    <message>
        <source>Not exported</source>
        <translation>No se exportó</translation>
    </message>
    <message>
        <source>The file could not be written ({__name__}). Choose another folder.</source>
        <translation>No se pudo escribir el archivo ({__name__}). Elija otra carpeta.</translation>
    </message>
</context>
<context>
    <name>lock</name>
    <message>
        <source>{app} — locked</source>
        <translation>{app} — bloqueado</translation>
    </message>
</context>
<context>
    <name>note_text</name>
    <message>
        <source>Copied from {source_date} — edit before signing</source>
        <translation>Copiado del {source_date} — edítelo antes de firmar</translation>
    </message>
</context>
<context>
    <name>note_viewer</name>
    <message>
        <source>&lt;i&gt;(empty)&lt;/i&gt;</source>
        <translation>&lt;i&gt;(vacío)&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;i&gt;no times recorded&lt;/i&gt;</source>
        <translation>&lt;i&gt;no hay horas registradas&lt;/i&gt;</translation>
    </message>
    <message>
        <source>running</source>
        <translation>en curso</translation>
    </message>
    <message>
        <source>Date of service</source>
        <translation>Fecha de servicio</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>Horas</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Minutos</translation>
    </message>
    <message>
        <source>Place of service</source>
        <translation>Lugar de servicio</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Modalidad</translation>
    </message>
    <message>
        <source>Telehealth</source>
        <translation>Telesalud</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>En persona</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Entorno</translation>
    </message>
    <message>
        <source>Group of {group_size}</source>
        <translation>Grupo de {group_size}</translation>
    </message>
    <message>
        <source>Individual</source>
        <translation>Individual</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <source>Entered by hand because</source>
        <translation>Registrada a mano porque</translation>
    </message>
    <message>
        <source>Times corrected</source>
        <translation>Horas corregidas</translation>
    </message>
    <message>
        <source>&lt;b&gt;VOIDED — discarded draft, never billed.&lt;/b&gt; Reason: {0}</source>
        <translation>&lt;b&gt;ANULADA — borrador descartado, nunca facturado.&lt;/b&gt; Motivo: {0}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Missing before it can be signed:&lt;/b&gt;&lt;ul&gt;{items}&lt;/ul&gt;</source>
        <translation>&lt;b&gt;Falta para poder firmarla:&lt;/b&gt;&lt;ul&gt;{items}&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>&lt;p class=&apos;section&apos;&gt;Treatment-plan objectives worked on&lt;/p&gt;</source>
        <translation>&lt;p class=&apos;section&apos;&gt;Objetivos del plan de tratamiento trabajados&lt;/p&gt;</translation>
    </message>
    <message>
        <source> &lt;span class=&apos;label&apos;&gt;(goal: {0})&lt;/span&gt;</source>
        <translation> &lt;span class=&apos;label&apos;&gt;(meta: {0})&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;i&gt;(none ticked)&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;i&gt;(ninguno marcado)&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Intervention</source>
        <translation>Intervención</translation>
    </message>
    <message>
        <source>Client&apos;s response and progress</source>
        <translation>Respuesta y progreso del cliente</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>&lt;p class=&apos;section&apos;&gt;Other notes&lt;/p&gt;&lt;p&gt;{0}&lt;/p&gt;</source>
        <translation>&lt;p class=&apos;section&apos;&gt;Otras notas&lt;/p&gt;&lt;p&gt;{0}&lt;/p&gt;</translation>
    </message>
    <message>
        <source> of {0}</source>
        <translation> de {0}</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;span class=&apos;late&apos;&gt;LATE ENTRY — signed after the documentation deadline{0}.&lt;/span&gt;</source>
        <translation>&lt;br&gt;&lt;span class=&apos;late&apos;&gt;REGISTRO TARDÍO — firmada después del plazo de documentación{0}.&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Electronically signed&lt;/b&gt; by {who} on {0}. Locked.{late}&lt;p class=&apos;attestation&apos;&gt;{1}&lt;/p&gt;</source>
        <translation>&lt;b&gt;Firmada electrónicamente&lt;/b&gt; por {who} el {0}. Bloqueada.{late}&lt;p class=&apos;attestation&apos;&gt;{1}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Co-signed by the supervisor&lt;/b&gt; {by} on {0}.&lt;p class=&apos;attestation&apos;&gt;{1}&lt;/p&gt;</source>
        <translation>&lt;b&gt;Cofirmada por el supervisor&lt;/b&gt; {by} el {0}.&lt;p class=&apos;attestation&apos;&gt;{1}&lt;/p&gt;</translation>
    </message>
    <message>
        <source> Sign by {0}</source>
        <translation> Firmar antes del {0}</translation>
    </message>
    <message>
        <source> — &lt;span class=&apos;late&apos;&gt;overdue: it will be marked a late entry&lt;/span&gt;.</source>
        <translation> — &lt;span class=&apos;late&apos;&gt;vencida: se marcará como registro tardío&lt;/span&gt;.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Not signed yet.&lt;/b&gt;{due}</source>
        <translation>&lt;b&gt;Todavía sin firmar.&lt;/b&gt;{due}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Addendum {number}&lt;/b&gt; — written and signed by {who} on {0}&lt;br&gt;&lt;span class=&apos;label&apos;&gt;Reason:&lt;/span&gt; {1}&lt;p&gt;{2}&lt;/p&gt;</source>
        <translation>&lt;b&gt;Anexo {number}&lt;/b&gt; — escrito y firmado por {who} el {0}&lt;br&gt;&lt;span class=&apos;label&apos;&gt;Motivo:&lt;/span&gt; {1}&lt;p&gt;{2}&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>payers</name>
    <message>
        <source>{n} unit</source>
        <translation>{n} unidad</translation>
    </message>
    <message>
        <source>{n} units</source>
        <translation>{n} unidades</translation>
    </message>
</context>
<context>
    <name>queue_model</name>
    <message>
        <source>Timer running</source>
        <translation>Cronómetro en curso</translation>
    </message>
    <message>
        <source>Ready to sign</source>
        <translation>Lista para firmar</translation>
    </message>
    <message>
        <source>Overdue ({label})</source>
        <translation>Vencidas ({label})</translation>
    </message>
    <message>
        <source>Today ({label})</source>
        <translation>Hoy ({label})</translation>
    </message>
</context>
<context>
    <name>record_check</name>
    <message>
        <source>Hashing of this record began {chain_start}.</source>
        <translation>El hash de este registro comenzó el {chain_start}.</translation>
    </message>
    <message>
        <source>Protective triggers that were missing and were put back when the file was opened: {0}.</source>
        <translation>Disparadores de protección que faltaban y se restablecieron al abrir el archivo: {0}.</translation>
    </message>
</context>
<context>
    <name>recovery</name>
    <message>
        <source>{time} on {day}</source>
        <translation>{time} del {day}</translation>
    </message>
    <message>
        <source>SessionLog was not running from {0} to {end_text}, {1}.</source>
        <translation>SessionLog no estuvo funcionando de {0} a {end_text}, {1}.</translation>
    </message>
</context>
<context>
    <name>roster_dialog</name>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Archivos CSV (*.csv);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Roster imported</source>
        <translation>Lista importada</translation>
    </message>
    <message>
        <source>Export the client roster</source>
        <translation>Exportar la lista de clientes</translation>
    </message>
    <message>
        <source>Not exported</source>
        <translation>No se exportó</translation>
    </message>
    <message>
        <source>The file could not be written ({__name__}). Choose another folder.</source>
        <translation>No se pudo escribir el archivo ({__name__}). Elija otra carpeta.</translation>
    </message>
    <message>
        <source>Roster exported</source>
        <translation>Lista exportada</translation>
    </message>
    <message>
        <source>Saved {name} ({count} clients, archived included). Only your user account can read it; it holds client information.</source>
        <translation>Se guardó {name} ({count} clientes, incluidos los archivados). Solo su cuenta de usuario puede leerlo; contiene información de clientes.</translation>
    </message>
</context>
<context>
    <name>security</name>
    <message>
        <source>Wrong passphrase or recovery key. Nothing was opened or changed.</source>
        <translation>Frase de contraseña o clave de recuperación incorrecta. No se abrió ni se cambió nada.</translation>
    </message>
    <message>
        <source>SessionLog recovery key
{recovery_key}
</source>
        <translation>Clave de recuperación de SessionLog
{recovery_key}
</translation>
    </message>
</context>
<context>
    <name>sign</name>
    <message>
        <source>{0} min</source>
        <translation>{0} min</translation>
    </message>
</context>
<context>
    <name>today</name>
    <message>
        <source>{units} ({value} billable)</source>
        <translation>{units} ({value} facturables)</translation>
    </message>
    <message>
        <source> day total</source>
        <translation> total del día</translation>
    </message>
</context>
</TS>
