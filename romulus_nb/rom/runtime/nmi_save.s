nmi:
    pha                 ; save A, X, Y: the NMI can interrupt any code
    txa
    pha
    tya
    pha
