"""The top-level help's texts in each translated language, keyed by English text
(argparse's own by "argparse\\x04" and the text): written by
packaging/update_cli_words.py from the "cli" catalogs; do not edit by hand.
``sessionlog --help`` reads them instead of the catalog (sessionlog.cli._kept_top_help).
"""

# ruff: noqa: E501  (catalog texts, one per line)

WORDS: dict[str, dict[str, str]] = {
    "es": {
        "Session timer, progress notes and unit billing. With no command, opens the app.": "Cronómetro de sesiones, notas de progreso y facturación por unidades. Sin comando, abre la aplicación.",
        "argparse\u0004options": "opciones",
        "argparse\u0004show program's version number and exit": "mostrar el número de versión del programa y salir",
        "argparse\u0004show this help message and exit": "mostrar este mensaje de ayuda y salir",
        "argparse\u0004usage: ": "uso: ",
        "billing units per claim line for a period": "unidades facturables por línea de reclamación de un período",
        "check a packet PDF against its hash and signature": "verificar un paquete PDF con su hash y su firma",
        "commands": "comandos",
        "database file (default: $SESSIONLOG_DB, else the user data folder)": "archivo de la base de datos (predeterminado: $SESSIONLOG_DB; si no, la carpeta de datos del usuario)",
        "encrypt the database and its backups in place with a passphrase (SQLCipher)": "cifrar la base de datos y sus copias de seguridad con una frase de contraseña (SQLCipher)",
        "fill a database with a realistic demo caseload": "llenar una base de datos con una carga de casos de demostración realista",
        "load a sessionlog/1 JSON file (all or nothing)": "cargar un archivo JSON sessionlog/1 (todo o nada)",
        "open the app (the default)": "abrir la aplicación (predeterminado)",
        "re-encrypt a protected database and its backups with a new passphrase": "volver a cifrar una base de datos protegida y sus copias de seguridad con una nueva frase de contraseña",
        "replace the database with a backup (checked first; the current file is backed up)": "reemplazar la base de datos con una copia de seguridad (se verifica antes; se guarda una copia del archivo actual)",
        "verify the signed notes' seals and the audit hash chain": "verificar los sellos de las notas firmadas y la cadena de hashes de auditoría",
        "write a consistent backup of the database to a file": "escribir en un archivo una copia de seguridad coherente de la base de datos",
        "write an ASC X12 837P claim file for a period": "escribir un archivo de reclamaciones ASC X12 837P de un período",
        "write one client's PDF documentation packet": "escribir el paquete PDF de documentación de un cliente",
        "write records as a sessionlog/1 JSON file": "escribir los registros como un archivo JSON sessionlog/1",
        "write this database's packet-signing public key": "escribir la clave pública con la que esta base de datos firma los paquetes",
    },
}
