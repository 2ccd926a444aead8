from fmflash.cli import main

main()
