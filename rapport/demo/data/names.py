"""Given and family names by region, common ones only, so no name points at a real person.

A member is usually named from their city's regions and sometimes from anywhere:
professional hubs are international, and a community of only local names would
not look like one. Names are written as people write them, accents included;
handles fold them to ASCII.
"""

from __future__ import annotations


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


# region: (given names, family names)
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en_gb": (
        _names(
            "Oliver, Amelia, Harry, Isla, George, Emily, Jack, Sophie, Thomas, Charlotte, "
            "James, Grace, William, Hannah, Samuel, Lucy, Daniel, Chloe, Rhys, Freya"
        ),
        _names(
            "Smith, Jones, Taylor, Brown, Williams, Wilson, Evans, Roberts, Walker, Wright, "
            "Hughes, Edwards, Green, Hall, Wood, Clarke, Harris, Lewis, Turner, Campbell"
        ),
    ),
    "en_us": (
        _names(
            "Michael, Jessica, Chris, Ashley, Ryan, Megan, Tyler, Lauren, Brandon, Kayla, "
            "Jordan, Madison, Marcus, Brianna, Kevin, Taylor, Jason, Rachel, Derek, Nicole"
        ),
        _names(
            "Johnson, Miller, Davis, Garcia, Anderson, Jackson, White, Thompson, Moore, Young, "
            "King, Scott, Baker, Nelson, Carter, Mitchell, Reed, Cooper, Brooks, Bennett"
        ),
    ),
    "de": (
        _names(
            "Lukas, Anna, Jonas, Lea, Felix, Lena, Maximilian, Marie, Paul, Sophie, Niklas, "
            "Laura, Tobias, Julia, Moritz, Katharina, Florian, Johanna, Jan, Franziska"
        ),
        _names(
            "Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Hoffmann, "
            "Schulz, Koch, Richter, Wolf, Klein, Neumann, Schwarz, Zimmermann, Braun, "
            "Krüger, Hartmann"
        ),
    ),
    "fr": (
        _names(
            "Louis, Camille, Hugo, Léa, Gabriel, Chloé, Arthur, Manon, Jules, Inès, Mathis, "
            "Juliette, Théo, Sarah, Antoine, Clémence, Nicolas, Élodie, Maxime, Pauline"
        ),
        _names(
            "Martin, Bernard, Dubois, Robert, Richard, Petit, Durand, Leroy, Moreau, Simon, "
            "Laurent, Lefebvre, Michel, Garnier, Fournier, Girard, Bonnet, Dupont, Lambert, "
            "Rousseau"
        ),
    ),
    "es": (
        _names(
            "Alejandro, Lucía, Pablo, María, Javier, Carmen, Diego, Sofía, Sergio, Paula, "
            "Álvaro, Elena, Carlos, Marta, Adrián, Irene, Hugo, Nerea, Raúl, Alba"
        ),
        _names(
            "García, Fernández, González, Rodríguez, López, Martínez, Sánchez, Pérez, Gómez, "
            "Martín, Jiménez, Ruiz, Hernández, Díaz, Moreno, Álvarez, Romero, Navarro, "
            "Torres, Domínguez"
        ),
    ),
    "latam": (
        _names(
            "Santiago, Valentina, Mateo, Camila, Sebastián, Daniela, Nicolás, Mariana, "
            "Emiliano, Ximena, Andrés, Gabriela, Joaquín, Fernanda, Tomás, Renata, Felipe, "
            "Catalina, Rodrigo, Luciana"
        ),
        _names(
            "Hernández, Ramírez, Flores, Vargas, Castillo, Morales, Ortiz, Rojas, Mendoza, "
            "Guerrero, Aguilar, Medina, Cruz, Reyes, Gutiérrez, Salazar, Cárdenas, Pineda, "
            "Acosta, Quintero"
        ),
    ),
    "pt_br": (
        _names(
            "João, Ana, Pedro, Beatriz, Lucas, Larissa, Rafael, Juliana, Thiago, Gustavo, "
            "Bruno, Letícia, Isabela, Vinícius, Carolina, Matheus, Luana, Caio, Bianca, Diogo"
        ),
        _names(
            "Silva, Santos, Oliveira, Souza, Lima, Pereira, Costa, Ferreira, Almeida, "
            "Carvalho, Ribeiro, Rodrigues, Gomes, Martins, Araújo, Barbosa, Rocha, "
            "Nascimento, Moreira, Cardoso"
        ),
    ),
    "nl": (
        _names(
            "Daan, Sanne, Bram, Femke, Thijs, Lotte, Sem, Eva, Ruben, Anouk, Jesse, Fleur, "
            "Joris, Iris, Stijn, Maaike, Wouter, Noor, Pieter, Lieke"
        ),
        _names(
            "de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Visser, Smit, Meijer, "
            "de Boer, Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, "
            "Brouwer, Kok"
        ),
    ),
    "nordic": (
        _names(
            "Erik, Astrid, Lars, Ingrid, Mikkel, Freja, Oskar, Sofie, Anders, Maja, Henrik, "
            "Sigrid, Emil, Linnea, Johan, Elin, Magnus, Nora, Søren, Karin"
        ),
        _names(
            "Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsen, Hansen, Nielsen, "
            "Jensen, Pedersen, Lindqvist, Berg, Holm, Lund, Dahl, Svensson, Olsen, Haugen, "
            "Virtanen, Korhonen"
        ),
    ),
    "pl": (
        _names(
            "Jakub, Zofia, Kacper, Zuzanna, Szymon, Aleksandra, Mateusz, Natalia, Piotr, "
            "Katarzyna, Michał, Agnieszka, Tomasz, Magdalena, Paweł, Joanna, Krzysztof, "
            "Marta, Łukasz, Weronika"
        ),
        _names(
            "Nowak, Wójcik, Kowalczyk, Woźniak, Mazur, Krawczyk, Kaczmarek, Zając, Król, "
            "Wieczorek, Wróbel, Dudek, Adamczyk, Sikora, Baran, Szewczyk"
        ),
    ),
    "it": (
        _names(
            "Marco, Giulia, Alessandro, Francesca, Luca, Chiara, Matteo, Sara, Lorenzo, "
            "Martina, Andrea, Elisa, Davide, Federica, Simone, Valentina, Riccardo, Alessia, "
            "Stefano, Giorgia"
        ),
        _names(
            "Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, "
            "Bruno, Gallo, Conti, De Luca, Mancini, Giordano, Rizzo, Lombardi, Moretti, "
            "Barbieri"
        ),
    ),
    "ng": (
        _names(
            "Chinedu, Ngozi, Oluwaseun, Adaeze, Emeka, Funmilayo, Tunde, Chiamaka, Ifeanyi, "
            "Yetunde, Obinna, Amaka, Segun, Folake, Kelechi, Bisola, Uche, Temitope, "
            "Babajide, Zainab"
        ),
        _names(
            "Okafor, Adeyemi, Okonkwo, Balogun, Eze, Adebayo, Nwosu, Ogunleye, Obi, Afolabi, "
            "Chukwu, Oladipo, Bello, Ibrahim, Olawale, Akinola, Uzor, Adewale, Nnaji, Okeke"
        ),
    ),
    "gh": (
        _names(
            "Kwame, Ama, Kofi, Akosua, Yaw, Abena, Kojo, Efua, Kwabena, Adwoa, Kwesi, Esi, "
            "Nana, Afia, Kwaku, Yaa"
        ),
        _names(
            "Mensah, Asante, Owusu, Boateng, Osei, Agyeman, Appiah, Amoah, Ofori, Darko, "
            "Acheampong, Boakye, Frimpong, Addo, Quaye, Antwi"
        ),
    ),
    "ke": (
        _names(
            "Wanjiru, Achieng, Njeri, Wambui, Akinyi, Brian, Faith, Mercy, Dennis, Joy, "
            "Collins, Victor, Esther, Ian, Cynthia, Kevin, Sharon, Allan"
        ),
        _names(
            "Mwangi, Otieno, Kamau, Odhiambo, Wanjiku, Njoroge, Kariuki, Ochieng, Kiprono, "
            "Chebet, Mutua, Omondi, Wafula, Kimani, Muthoni, Onyango, Nyambura, Korir"
        ),
    ),
    "za": (
        _names(
            "Thabo, Lerato, Sipho, Naledi, Ayanda, Jaco, Zanele, Bongani, Anele, Kagiso, "
            "Thandiwe, Lwazi, Palesa, Ruan, Nomvula, Tshepo, Refilwe, Liezl"
        ),
        _names(
            "Nkosi, Dlamini, Ndlovu, Khumalo, Mokoena, Botha, van der Merwe, Mahlangu, Zulu, "
            "Molefe, Naidoo, Pillay, Sithole, Mthembu, Venter, Mabaso"
        ),
    ),
    "ar": (
        _names(
            "Omar, Fatima, Youssef, Mariam, Ahmed, Nour, Karim, Layla, Hassan, Salma, Tarek, "
            "Yasmin, Khaled, Rania, Amr, Hana, Mostafa, Dina, Rami, Lina"
        ),
        _names(
            "Hassan, Mahmoud, Ibrahim, El-Sayed, Haddad, Khalil, Nasser, Farouk, Mansour, "
            "Saleh, Aziz, Abdallah, Benali, Alaoui, El Amrani, Darwish, Sabry, Kassem, "
            "Othman, Fakhoury"
        ),
    ),
    "tr": (
        _names(
            "Emre, Zeynep, Mehmet, Elif, Can, Ayşe, Burak, Selin, Mert, Ece, Kerem, Defne, "
            "Onur, Merve, Barış, Deniz, Cem, İrem, Kaan, Buse"
        ),
        _names(
            "Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Yıldırım, Öztürk, Aydın, Özdemir, "
            "Arslan, Doğan, Kılıç, Aslan, Çetin, Koç, Kurt, Özkan, Şimşek, Polat"
        ),
    ),
    "in": (
        _names(
            "Aarav, Priya, Rohan, Ananya, Arjun, Kavya, Vikram, Diya, Rahul, Sneha, Aditya, "
            "Meera, Karthik, Pooja, Siddharth, Lakshmi, Nikhil, Divya, Varun, Shreya"
        ),
        _names(
            "Sharma, Patel, Iyer, Reddy, Nair, Gupta, Singh, Rao, Menon, Kumar, Mehta, Joshi, "
            "Krishnan, Banerjee, Chatterjee, Desai, Kulkarni, Pillai, Agarwal, Bhat"
        ),
    ),
    "cn": (
        _names(
            "Wei, Jing, Hao, Xin, Yu, Min, Jun, Lei, Fang, Tao, Yan, Ming, Hui, Lin, Qiang, "
            "Yue, Xiaoming, Meiling, Zihan, Yuxuan"
        ),
        _names(
            "Wang, Li, Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun, Ma, Zhu, Hu, "
            "Guo, He, Lin, Gao, Luo"
        ),
    ),
    "jp": (
        _names(
            "Haruto, Yui, Sota, Hina, Ren, Aoi, Yuto, Sakura, Takumi, Mei, Kenji, Yuki, "
            "Daiki, Akari, Shota, Nanami, Hiroshi, Emi, Kaito, Rina"
        ),
        _names(
            "Sato, Suzuki, Takahashi, Tanaka, Watanabe, Ito, Yamamoto, Nakamura, Kobayashi, "
            "Kato, Yoshida, Yamada, Sasaki, Yamaguchi, Matsumoto, Inoue, Kimura, Hayashi, "
            "Shimizu, Mori"
        ),
    ),
    "kr": (
        _names(
            "Min-jun, Seo-yeon, Ji-ho, Ha-eun, Do-yun, Ji-woo, Seo-jun, Su-bin, Hyun-woo, "
            "Ye-jin, Jae-won, Yu-na, Sung-min, Da-eun, Joon-ho, Soo-ah"
        ),
        _names(
            "Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon, Jang, Lim, Han, Oh, Seo, Shin, "
            "Kwon, Hwang"
        ),
    ),
    "vn": (
        _names(
            "Minh, Linh, Huy, Trang, Duc, Thao, Quang, Mai, Tuan, Ngoc, Khanh, Anh, Phong, "
            "Hoa, Bao, Vy"
        ),
        _names("Nguyen, Tran, Le, Pham, Hoang, Phan, Vu, Dang, Bui, Do, Ho, Ngo, Duong, Ly"),
    ),
    "id": (
        _names(
            "Budi, Putri, Agus, Dewi, Rizky, Sari, Andi, Ayu, Fajar, Intan, Dimas, Hendra, "
            "Wulan, Bayu, Nadia, Yoga"
        ),
        _names(
            "Santoso, Wijaya, Pratama, Saputra, Hidayat, Kusuma, Setiawan, Halim, Nugroho, "
            "Lestari, Gunawan, Wibowo, Susanto, Hartono"
        ),
    ),
    "ph": (
        _names(
            "Mark, Kristine, Paolo, Angelica, Miguel, Patricia, Carlo, Jasmine, Bea, Enzo, "
            "Trisha, Joshua, Camille, Paulo, Andrea, Renz"
        ),
        _names(
            "Santos, Reyes, Cruz, Bautista, Garcia, Mendoza, Torres, Villanueva, Ramos, "
            "Aquino, Castro, Dela Cruz, Navarro, Soriano, Domingo, Fernando"
        ),
    ),
    "ua": (
        _names(
            "Dmytro, Olena, Andriy, Iryna, Oleksandr, Kateryna, Serhiy, Yulia, Taras, "
            "Oksana, Bohdan, Sofiia, Yaroslav, Mariia"
        ),
        _names(
            "Shevchenko, Kovalenko, Bondarenko, Tkachenko, Kravchenko, Melnyk, Boyko, "
            "Oliynyk, Lysenko, Marchenko, Savchenko, Rudenko"
        ),
    ),
    "ir": (
        _names(
            "Dariush, Shirin, Arash, Leila, Kian, Nasrin, Reza, Parisa, Babak, Mina, Omid, Setareh"
        ),
        _names(
            "Hosseini, Ahmadi, Mohammadi, Rezaei, Karimi, Moradi, Jafari, Rahimi, Sadeghi, Tehrani"
        ),
    ),
}

# The order in which "named from anywhere" picks a region: the dict's written order
# is stable, but the generator must not depend on it, so it is spelled out here.
REGIONS: tuple[str, ...] = (
    "en_gb",
    "en_us",
    "de",
    "fr",
    "es",
    "latam",
    "pt_br",
    "nl",
    "nordic",
    "pl",
    "it",
    "ng",
    "gh",
    "ke",
    "za",
    "ar",
    "tr",
    "in",
    "cn",
    "jp",
    "kr",
    "vn",
    "id",
    "ph",
    "ua",
    "ir",
)
